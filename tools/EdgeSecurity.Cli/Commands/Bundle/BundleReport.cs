using EdgeSecurity.Cli.Infrastructure;
using EdgeSecurity.Firmware.Core.Trust;
using EdgeSecurity.Signing.Bundles;
using EdgeSecurity.Signing.Keys;

namespace EdgeSecurity.Cli.Commands.Bundle;

/// <summary>What `bundle inspect` shows, as JSON and as a table.</summary>
internal sealed record BundleReport(
    string BundleId,
    string HardwareClass,
    string Version,
    long SecurityCounter,
    string Created,
    string Expires,
    string ReleaseNotes,
    IReadOnlyList<string> FixedCves,
    int TotalSize,
    IReadOnlyList<BundleReport.Component> Components,
    IReadOnlyList<BundleReport.Signature> Signatures)
{
    /// <param name="root">When given, each signature says whether it verifies and counts under this root.</param>
    public static BundleReport Of(BundleFile bundle, TrustRoot? root)
    {
        var manifest = bundle.Manifest;
        return new BundleReport(
            Convert.ToHexStringLower(manifest.BundleId),
            manifest.HardwareClass,
            manifest.Version.ToString(),
            manifest.SecurityCounter,
            ExpiryParser.Format(manifest.CreatedUnixSeconds),
            ExpiryParser.Format(manifest.ExpiresUnixSeconds),
            manifest.ReleaseNotes,
            Enumerable.Range(0, manifest.FixedCveCount).Select(manifest.GetFixedCve).ToList(),
            bundle.Bytes.Length,
            Enumerable.Range(0, manifest.ComponentCount).Select(manifest.GetComponent)
                .Select(c => new Component(c.Name, ComponentKinds.NameOf(c.Kind), c.Size, c.ChunkSize, c.ChunkCount, c.DigestAlgorithm.ToString(), Convert.ToHexStringLower(c.ComponentDigest)))
                .ToList(),
            bundle.Signatures.Select(s => SignatureOf(bundle, s, root)).ToList());
    }

    public void WriteText(TextWriter output)
    {
        output.WriteLine($"Bundle {BundleId}");
        output.WriteLine($"  hardware class    {HardwareClass}");
        output.WriteLine($"  version           {Version}");
        output.WriteLine($"  security counter  {SecurityCounter}");
        output.WriteLine($"  created           {Created}");
        output.WriteLine($"  expires           {Expires}");
        output.WriteLine($"  size              {TotalSize} bytes");
        if (FixedCves.Count > 0)
        {
            output.WriteLine($"  fixes             {string.Join(", ", FixedCves)}");
        }

        if (ReleaseNotes.Length > 0)
        {
            output.WriteLine($"  release notes     {ReleaseNotes}");
        }

        var nameWidth = Math.Max(9, Components.Max(c => c.Name.Length));
        output.WriteLine();
        output.WriteLine($"  {"COMPONENT".PadRight(nameWidth)}  {"KIND",-12}  {"SIZE",9}  {"CHUNKS",6}  DIGEST ({Components[0].DigestAlgorithm})");
        foreach (var c in Components)
        {
            output.WriteLine($"  {c.Name.PadRight(nameWidth)}  {c.Kind,-12}  {c.Size,9}  {c.Chunks,6}  {c.Digest}");
        }

        output.WriteLine();
        output.WriteLine($"  {"SIGNED BY",-32}  STATUS");
        foreach (var s in Signatures)
        {
            output.WriteLine($"  {s.KeyId,-32}  {s.Status}");
        }
    }

    private static Signature SignatureOf(BundleFile bundle, SignatureEntry signature, TrustRoot? root)
    {
        var keyId = Ed25519KeyIds.ToHex(signature.KeyId);
        if (root is null)
        {
            return new Signature(keyId, signature.Algorithm.ToString(), null, "not checked (give --root)");
        }

        var key = root.FindKey(signature.KeyId);
        var verifies = key is not null && bundle.SignatureVerifies(signature, key);
        var status = root.IsRevoked(signature.KeyId) ? "revoked key: does not count"
            : key is null ? "unknown key: does not count"
            : !verifies ? "INVALID signature"
            : root.FindRole(TrustRoleNames.Release)?.Contains(signature.KeyId) == true ? "valid release signature"
            : "valid, but not a release key: does not count";
        return new Signature(keyId, signature.Algorithm.ToString(), verifies, status);
    }

    internal sealed record Component(string Name, string Kind, int Size, int ChunkSize, int Chunks, string DigestAlgorithm, string Digest);

    internal sealed record Signature(string KeyId, string Algorithm, bool? Verifies, string Status);
}
