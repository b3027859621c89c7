using EdgeSecurity.Host.Storage.Model;

namespace EdgeSecurity.Host.Api.Views;

/// <summary>An audit entry as the API shows it: who (token name or "host"), what, when, from what to what, with the note.</summary>
public sealed record AlertAuditView(long Id, long AtMs, string Actor, string Action, string? From, string? To, string? Note)
{
    public static AlertAuditView Of(AlertAuditEntry e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new AlertAuditView(e.Id, e.AtMs, e.Actor, e.Action, e.OldValue, e.NewValue, e.Note);
    }
}

/// <summary>One alert with its notes and its whole audit log (GET /api/v1/alerts/{id}).</summary>
public sealed record AlertDetailView(AlertView Alert, IReadOnlyList<AlertAuditView> Notes, IReadOnlyList<AlertAuditView> Audit);
