namespace EdgeSecurity.Host.Storage.Model;

/// <summary>An API token kept in the database: who holds it, its role, and the SHA-256 of the token (never the token).</summary>
public sealed record ApiTokenRecord(string Name, string Role, string Sha256Hex, long CreatedAtMs, long? RevokedAtMs);
