using System.Security.Cryptography;
using EdgeSecurity.Firmware.Core.Events;
using EdgeSecurity.Host.Storage;
using EdgeSecurity.Host.Storage.Model;

namespace EdgeSecurity.Host.Api;

/// <summary>
/// Creates and revokes database tokens (`edgesec tokens`). A token is 32 random bytes, base64url, behind a
/// recognisable prefix (secret scanners can find leaked ones); only its SHA-256 is stored, so the token is
/// shown once, at creation. Every change is a host event naming who made it.
/// </summary>
public sealed class ApiTokenIssuer(ITelemetryStore store, TimeProvider time)
{
    public const string Prefix = "est_";

    /// <summary>Names follow the device id rule, so they are safe in logs, audit entries and tables.</summary>
    public static bool IsValidName(string? name) => EdgeSecurity.Pki.DeviceId.IsValid(name);

    /// <summary>Creates a token for <paramref name="name"/> with <paramref name="role"/>; returns the token, or null when the name is taken.</summary>
    public async Task<string?> CreateAsync(string name, ApiRole role, string actor, CancellationToken cancellationToken)
    {
        if (!IsValidName(name))
        {
            throw new ArgumentException($"Invalid token name '{name}': use {EdgeSecurity.Pki.DeviceId.PatternDescription}.", nameof(name));
        }

        var token = Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        if (!await store.CreateTokenAsync(new ApiTokenRecord(name, ApiRoles.NameOf(role), ApiTokenAuthenticator.HashToken(token), now, null), cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        await store.RecordHostEventAsync(
            new HostEventRecord(now, HostSecurityEvents.TokenCreated, (int)EventSeverity.Notice, null, actor, $"token '{name}' created with role {ApiRoles.NameOf(role)}"),
            cancellationToken).ConfigureAwait(false);
        return token;
    }

    /// <summary>Revokes the named token at once for every host on the database; false when there is no unrevoked token of that name.</summary>
    public async Task<bool> RevokeAsync(string name, string actor, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        if (!await store.RevokeTokenAsync(name, now, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        await store.RecordHostEventAsync(
            new HostEventRecord(now, HostSecurityEvents.TokenRevoked, (int)EventSeverity.Notice, null, actor, $"token '{name}' revoked"),
            cancellationToken).ConfigureAwait(false);
        return true;
    }
}
