namespace EdgeSecurity.Host.Storage.Model;

/// <summary>What a triage action changes.</summary>
public enum TriageKind
{
    /// <summary>Status change (<see cref="TriageAction.Value"/> is the status code).</summary>
    Status = 0,

    /// <summary>Assignee set or cleared (<see cref="TriageAction.Value"/> is the assignee or null).</summary>
    Assign = 1,

    /// <summary>A note added (<see cref="TriageAction.Note"/>).</summary>
    Note = 2,
}

/// <summary>One triage action by <paramref name="Actor"/> (a token name, or "host"), with an optional note.</summary>
public sealed record TriageAction(TriageKind Kind, string Actor, long AtMs, string? Value, string? Note);

public enum TriageOutcome
{
    Applied = 0,
    UnknownAlert = 1,

    /// <summary>It would change nothing (the alert already has that status or assignee); nothing is recorded.</summary>
    NoChange = 2,
}

/// <summary>One entry of an alert's audit log: append-only, never edited (the database refuses updates and deletes).</summary>
public sealed record AlertAuditEntry(long Id, long AlertId, long AtMs, string Actor, string Action, string? OldValue, string? NewValue, string? Note);
