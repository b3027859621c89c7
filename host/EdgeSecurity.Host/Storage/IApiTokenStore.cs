using EdgeSecurity.Host.Storage.Model;

namespace EdgeSecurity.Host.Storage;

/// <summary>API tokens in the database, so every host instance on it accepts the same tokens (edgesec tokens).</summary>
public interface IApiTokenStore
{
    /// <summary>Adds a token; false when a token of that name exists (revoked ones included: names are never reused, so audit entries stay unambiguous).</summary>
    Task<bool> CreateTokenAsync(ApiTokenRecord token, CancellationToken cancellationToken);

    /// <summary>Every token, revoked ones included, by name.</summary>
    Task<IReadOnlyList<ApiTokenRecord>> ListTokensAsync(CancellationToken cancellationToken);

    /// <summary>The unrevoked token with this SHA-256 (lower-case hex), or null.</summary>
    Task<ApiTokenRecord?> FindActiveTokenAsync(string sha256Hex, CancellationToken cancellationToken);

    /// <summary>Revokes the named token; false when there is no unrevoked token of that name.</summary>
    Task<bool> RevokeTokenAsync(string name, long revokedAtMs, CancellationToken cancellationToken);
}
