using System.Security.Cryptography;
using System.Text;
using EdgeSecurity.Host.Configuration;
using EdgeSecurity.Host.Storage;

namespace EdgeSecurity.Host.Api;

/// <summary>
/// Checks bearer tokens against SHA-256 hashes: those configured (every one compared in constant time, so
/// timing does not reveal which one is close) and those in the database (`edgesec tokens`, looked up by the
/// hash, which only the token's holder can produce). The host never holds a token, only its hash.
/// </summary>
public sealed class ApiTokenAuthenticator
{
    private readonly List<(string Name, byte[] Hash, ApiRole Role)> _tokens = [];
    private readonly IApiTokenStore? _store;

    public ApiTokenAuthenticator(ApiOptions options, IApiTokenStore? store = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        foreach (var token in options.Tokens)
        {
            if (string.IsNullOrWhiteSpace(token.Name))
            {
                throw new HostConfigurationException("Every API token needs a Name (who holds it).");
            }

            byte[] hash;
            try
            {
                hash = Convert.FromHexString(token.Sha256);
            }
            catch (FormatException)
            {
                hash = [];
            }

            if (hash.Length != SHA256.HashSizeInBytes)
            {
                throw new HostConfigurationException($"API token '{token.Name}': Sha256 must be the 64 hex digits of the token's SHA-256 (echo -n TOKEN | sha256sum), not the token itself.");
            }

            if (ApiRoles.Parse(token.Role?.ToLowerInvariant()) is not { } role)
            {
                throw new HostConfigurationException($"API token '{token.Name}': role '{token.Role}' is not one of {string.Join(", ", ApiRoles.Names)}.");
            }

            _tokens.Add((token.Name, hash, role));
        }
    }

    /// <summary>The SHA-256 hex to configure for <paramref name="token"/>.</summary>
    public static string HashToken(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>The holder and role of <paramref name="token"/>, or null when it matches no configured hash.</summary>
    public (string Name, ApiRole Role)? Authenticate(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(token));
        (string, ApiRole)? match = null;
        foreach (var (name, hash, role) in _tokens)
        {
            // No early exit: every hash is compared.
            if (CryptographicOperations.FixedTimeEquals(presented, hash))
            {
                match = (name, role);
            }
        }

        return match;
    }

    /// <summary>The caller holding <paramref name="token"/>: a configured token, else an unrevoked database token; null when neither.</summary>
    public async Task<ApiCaller?> AuthenticateAsync(string token, CancellationToken cancellationToken)
    {
        if (Authenticate(token) is { } configured)
        {
            return new ApiCaller(configured.Name, configured.Role);
        }

        if (_store is null || await _store.FindActiveTokenAsync(HashToken(token), cancellationToken).ConfigureAwait(false) is not { } stored)
        {
            return null;
        }

        // A role name this host does not know (a newer host wrote it) grants nothing.
        return ApiRoles.Parse(stored.Role) is { } role ? new ApiCaller(stored.Name, role) : null;
    }
}
