using System.Security.Cryptography;
using System.Text;
using EdgeSecurity.Host.Configuration;

namespace EdgeSecurity.Host.Api;

/// <summary>
/// Checks bearer tokens against the configured SHA-256 hashes. The host never holds a token, only its
/// hash; every configured hash is compared in constant time so timing does not reveal which one is close.
/// </summary>
public sealed class ApiTokenAuthenticator
{
    private readonly List<(string Name, byte[] Hash, ApiRole Role)> _tokens = [];

    public ApiTokenAuthenticator(ApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
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

            if (!Enum.TryParse<ApiRole>(token.Role, ignoreCase: true, out var role) || !Enum.IsDefined(role))
            {
                throw new HostConfigurationException($"API token '{token.Name}': role '{token.Role}' is not one of viewer, analyst, operator, admin.");
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
}
