using EdgeSecurity.Cli.Infrastructure;
using EdgeSecurity.Firmware.Core.Trust;
using EdgeSecurity.Signing.Keys;
using EdgeSecurity.Signing.TrustRoots;

namespace EdgeSecurity.Cli.Commands.Root;

/// <summary>What `root inspect` shows, as JSON and as text.</summary>
internal sealed record TrustRootReport(
    long Version,
    string Expires,
    bool Signed,
    IReadOnlyList<TrustRootReport.Role> Roles,
    IReadOnlyList<TrustRootReport.Key> Keys,
    IReadOnlyList<string> RevokedKeyIds,
    IReadOnlyList<TrustRootReport.Signature> Signatures)
{
    public static TrustRootReport Of(TrustRootFile file)
    {
        var root = file.Root;
        var roles = Enumerable.Range(0, root.RoleCount).Select(root.GetRole).ToList();
        return new TrustRootReport(
            root.Version,
            ExpiryParser.Format(root.ExpiresUnixSeconds),
            file.Signed is not null,
            roles.Select(r => new Role(r.Name, r.Threshold, Enumerable.Range(0, r.KeyCount).Select(i => Ed25519KeyIds.ToHex(r.GetKeyId(i))).ToList())).ToList(),
            Enumerable.Range(0, root.KeyCount).Select(root.GetKey)
                .Select(k => new Key(Ed25519KeyIds.ToHex(k.KeyId), k.Algorithm.ToString(), Convert.ToBase64String(k.PublicKey), roles.Where(r => r.Contains(k.KeyId)).Select(r => r.Name).ToList()))
                .ToList(),
            Enumerable.Range(0, root.RevokedKeyCount).Select(i => Ed25519KeyIds.ToHex(root.GetRevokedKeyId(i))).ToList(),
            file.Signatures.Select(s => new Signature(Ed25519KeyIds.ToHex(s.KeyId), s.Algorithm.ToString(), SignerRole(root, s))).ToList());
    }

    public void WriteText(TextWriter output)
    {
        output.WriteLine($"Trust root v{Version}, expires {Expires}, {(Signed ? $"{Signatures.Count} signature(s)" : "NOT SIGNED")}");
        foreach (var role in Roles)
        {
            output.WriteLine($"Role {role.Name}: threshold {role.Threshold} of {role.KeyIds.Count}");
            foreach (var id in role.KeyIds)
            {
                output.WriteLine($"  {id}");
            }
        }

        output.WriteLine(RevokedKeyIds.Count == 0 ? "Revoked keys: none" : "Revoked keys:");
        foreach (var id in RevokedKeyIds)
        {
            output.WriteLine($"  {id}");
        }

        foreach (var signature in Signatures)
        {
            output.WriteLine($"Signature by {signature.KeyId} ({signature.Signer})");
        }
    }

    // Which of this root's roles the signer holds; a rotation is also signed by the previous root's keys.
    private static string SignerRole(TrustRoot root, SignatureEntry signature) =>
        root.IsRevoked(signature.KeyId) ? "revoked"
        : root.FindRole(TrustRoleNames.Root)?.Contains(signature.KeyId) == true ? "root key"
        : root.FindKey(signature.KeyId) is not null ? "not a root key of this root"
        : "not in this root (a previous root's key?)";

    internal sealed record Role(string Name, int Threshold, IReadOnlyList<string> KeyIds);

    internal sealed record Key(string KeyId, string Algorithm, string PublicKey, IReadOnlyList<string> Roles);

    internal sealed record Signature(string KeyId, string Algorithm, string Signer);
}
