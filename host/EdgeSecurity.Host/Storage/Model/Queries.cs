namespace EdgeSecurity.Host.Storage.Model;

/// <summary>Filter for event reads; every criterion is optional. Pages go from newest to oldest.</summary>
public sealed record EventQuery(
    string? DeviceId = null,
    int? Type = null,
    int? MinSeverity = null,
    long? FromMs = null,
    long? ToMs = null,
    string? Cursor = null,
    int Limit = 100);

public sealed record AlertQuery(
    string? DeviceId = null,
    string? Rule = null,
    AlertStatus? Status = null,
    string? Cursor = null,
    int Limit = 100);

/// <summary>One page of results; <see cref="NextCursor"/> is null on the last page.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);
