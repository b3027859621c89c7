namespace EdgeSecurity.Host.Storage.Model;

/// <summary>One operator action: who (the API token's name), what, on what, when. Append-only.</summary>
public sealed record OtaAuditEntry(long AtMs, string Actor, string Action, string Subject, string Detail)
{
    public long Id { get; init; }
}
