using EdgeSecurity.Firmware.Core.Trust;
using EdgeSecurity.Signing.Keys;

namespace EdgeSecurity.Signing.TrustRoots;

/// <summary>
/// Builds trust roots: the first one, and each next version for a rotation or a revocation. Every new
/// version must then be signed (`root sign`) by enough root keys of the current root AND of itself.
/// </summary>
public static class TrustRootBuilder
{
    public static TrustRoot Create(
        long version,
        long expiresUnixSeconds,
        IReadOnlyList<Ed25519PublicKey> rootKeys,
        int rootThreshold,
        IReadOnlyList<Ed25519PublicKey> releaseKeys,
        int releaseThreshold)
    {
        ArgumentNullException.ThrowIfNull(rootKeys);
        ArgumentNullException.ThrowIfNull(releaseKeys);
        var roles = new List<RoleKeys>
        {
            new(TrustRoleNames.Root, rootThreshold, rootKeys),
            new(TrustRoleNames.Release, releaseThreshold, releaseKeys),
        };
        return Build(version, expiresUnixSeconds, roles, []);
    }

    /// <summary>
    /// The next version of <paramref name="current"/> with the given changes; what <paramref name="changes"/>
    /// leaves null stays as it is. Keys no role uses any more are dropped; revocations carry over.
    /// </summary>
    public static TrustRoot Rotate(TrustRoot current, TrustRootChanges changes)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(changes);
        var roles = RolesOf(current)
            .Select(role => role.Name switch
            {
                TrustRoleNames.Root => role.With(changes.RootKeys, changes.RootThreshold),
                TrustRoleNames.Release => role.With(changes.ReleaseKeys, changes.ReleaseThreshold),
                _ => role,
            })
            .ToList();
        return Build(NextVersion(current), changes.ExpiresUnixSeconds ?? current.ExpiresUnixSeconds, roles, RevokedOf(current));
    }

    /// <summary>
    /// The next version of <paramref name="current"/> with <paramref name="keyId"/> revoked: removed from
    /// every role and listed as revoked, so no signature by it counts any more, even in older roots' rotations.
    /// </summary>
    public static TrustRoot RevokeKey(TrustRoot current, byte[] keyId, long? expiresUnixSeconds = null)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(keyId);
        var hex = Ed25519KeyIds.ToHex(keyId);
        if (current.IsRevoked(keyId))
        {
            throw new SigningException($"Key {hex} is already revoked in trust root v{current.Version}.");
        }

        var roles = new List<RoleKeys>();
        foreach (var role in RolesOf(current))
        {
            var remaining = role.Keys.Where(k => k.KeyId != hex).ToList();
            if (remaining.Count < role.Threshold)
            {
                throw new SigningException(
                    $"Revoking key {hex} would leave role '{role.Name}' with {remaining.Count} key(s) for a threshold of {role.Threshold}. "
                    + "Add a replacement key first ('edgesec root rotate'), then revoke.");
            }

            roles.Add(role with { Keys = remaining });
        }

        return Build(NextVersion(current), expiresUnixSeconds ?? current.ExpiresUnixSeconds, roles, [.. RevokedOf(current), keyId]);
    }

    private static long NextVersion(TrustRoot current)
    {
        if (current.Version >= TrustRoot.MaxVersion)
        {
            throw new SigningException($"Trust root v{current.Version} is the last version the format allows.");
        }

        return current.Version + 1;
    }

    private static TrustRoot Build(long version, long expiresUnixSeconds, IReadOnlyList<RoleKeys> roles, IReadOnlyList<byte[]> revoked)
    {
        foreach (var role in roles)
        {
            if (role.Keys.Count == 0)
            {
                throw new SigningException($"Role '{role.Name}' needs at least one key.");
            }

            if (role.Threshold < 1 || role.Threshold > role.Keys.Count)
            {
                throw new SigningException($"The threshold of role '{role.Name}' must be 1..{role.Keys.Count} (its number of keys), not {role.Threshold}.");
            }

            var duplicate = role.Keys.GroupBy(k => k.KeyId).FirstOrDefault(g => g.Count() > 1);
            if (duplicate is not null)
            {
                throw new SigningException($"Key {duplicate.Key} is given twice for role '{role.Name}'.");
            }

            var revokedKey = role.Keys.FirstOrDefault(k => revoked.Any(r => Ed25519KeyIds.ToHex(r) == k.KeyId));
            if (revokedKey is not null)
            {
                throw new SigningException($"Key {revokedKey.KeyId} is revoked and cannot be given a role again.");
            }
        }

        var keys = roles.SelectMany(r => r.Keys).DistinctBy(k => k.KeyId)
            .Select(k => new TrustedKey(k.KeyIdBytes, SignatureAlgorithm.Ed25519, k.ToArray()))
            .ToArray();
        var coreRoles = roles.Select(r => new TrustRole(r.Name, r.Threshold, r.Keys.Select(k => k.KeyIdBytes).ToArray())).ToArray();
        return new TrustRoot(version, expiresUnixSeconds, keys, coreRoles, [.. revoked]);
    }

    private static List<RoleKeys> RolesOf(TrustRoot root) =>
        Enumerable.Range(0, root.RoleCount).Select(root.GetRole)
            .Select(role => new RoleKeys(
                role.Name,
                role.Threshold,
                Enumerable.Range(0, role.KeyCount).Select(i => new Ed25519PublicKey(root.FindKey(role.GetKeyId(i)).PublicKey)).ToList()))
            .ToList();

    private static List<byte[]> RevokedOf(TrustRoot root) => Enumerable.Range(0, root.RevokedKeyCount).Select(root.GetRevokedKeyId).ToList();

    private sealed record RoleKeys(string Name, int Threshold, IReadOnlyList<Ed25519PublicKey> Keys)
    {
        public RoleKeys With(IReadOnlyList<Ed25519PublicKey>? keys, int? threshold) =>
            new(Name, threshold ?? Threshold, keys ?? Keys);
    }
}

/// <summary>What a rotation changes; null means "as in the current root".</summary>
public sealed record TrustRootChanges
{
    public IReadOnlyList<Ed25519PublicKey>? RootKeys { get; init; }

    public int? RootThreshold { get; init; }

    public IReadOnlyList<Ed25519PublicKey>? ReleaseKeys { get; init; }

    public int? ReleaseThreshold { get; init; }

    public long? ExpiresUnixSeconds { get; init; }
}
