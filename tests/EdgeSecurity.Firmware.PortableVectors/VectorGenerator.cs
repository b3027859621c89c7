using System.Globalization;
using System.Security.Cryptography;
using EdgeSecurity.Firmware.Core.Bundles;
using EdgeSecurity.Firmware.Core.Digests;
using EdgeSecurity.Firmware.PortableCases.Support;
using EdgeSecurity.Platform.Crypto;
using EdgeSecurity.Signing.Bundles;
using EdgeSecurity.Signing.Keys;
using EdgeSecurity.Signing.TrustRoots;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;

namespace EdgeSecurity.Firmware.PortableVectors;

/// <summary>
/// Everything the portable cases read (see their <c>vectors.*</c> names), made with independent .NET code:
/// BouncyCastle signs and judges signatures, System.Security.Cryptography hashes, the release tooling
/// builds and signs trust roots and bundles exactly as <c>edgesec</c> does.
/// </summary>
public static class VectorGenerator
{
    private static readonly int[] MessageLengths = [0, 1, 32, 64, 100, 255, 1000, 3000];
    private static readonly int[] ShaLengths = [0, 1, 3, 111, 112, 113, 127, 128, 129, 239, 240, 255, 256, 1000];
    private static readonly (int Key, int Data)[] HmacSizes = [(0, 0), (16, 1), (32, 64), (64, 100), (65, 1000), (100, 55)];
    private static readonly (int Size, int Chunk)[] ComponentSizes = [(0, 1024), (1, 1024), (1023, 1024), (1024, 1024), (1025, 1024), (5000, 1024), (9000, 4096)];

    public static IReadOnlyList<string> Generate(long now)
    {
        var lines = new List<string> { $"now #{now.ToString(CultureInfo.InvariantCulture)}" };
        AddSignatures(lines);
        AddHashes(lines);
        AddReleases(lines, now);
        lines.Add("event.key " + Hex.Encode(RandomNumberGenerator.GetBytes(32)));
        return lines;
    }

    private static void AddSignatures(List<string> lines)
    {
        var index = 0;
        foreach (var length in MessageLengths)
        {
            using var key = Ed25519PrivateKey.Generate();
            var publicKey = key.PublicKey.ToArray();
            var message = RandomNumberGenerator.GetBytes(length);
            var signature = key.Sign(message);

            // The genuine signature, then one with a bit of R or S flipped, then the genuine one over another message.
            var badSignature = (byte[])signature.Clone();
            badSignature[(index * 7) % 64] ^= (byte)(1 << (index % 8));
            var otherMessage = (byte[])message.Clone();
            otherMessage = otherMessage.Length == 0 ? [0] : otherMessage;
            otherMessage[^1] ^= 0x80;
            foreach (var (m, s) in new[] { (message, signature), (message, badSignature), (otherMessage, signature) })
            {
                var prefix = $"ed.{index.ToString(CultureInfo.InvariantCulture)}.";
                lines.Add(prefix + "pk " + Hex.Encode(publicKey));
                lines.Add(prefix + "msg " + Hex.Encode(m));
                lines.Add(prefix + "sig " + Hex.Encode(s));
                lines.Add(prefix + "valid #" + (BouncyCastleVerifies(publicKey, m, s) ? "1" : "0"));
                index++;
            }
        }

        lines.Add($"ed.count #{index.ToString(CultureInfo.InvariantCulture)}");
    }

    private static bool BouncyCastleVerifies(byte[] publicKey, byte[] message, byte[] signature)
    {
        var verifier = new Ed25519Signer();
        verifier.Init(false, new Ed25519PublicKeyParameters(publicKey, 0));
        verifier.BlockUpdate(message, 0, message.Length);
        return verifier.VerifySignature(signature);
    }

    private static void AddHashes(List<string> lines)
    {
        for (var i = 0; i < ShaLengths.Length; i++)
        {
            var message = RandomNumberGenerator.GetBytes(ShaLengths[i]);
            lines.Add($"sha.{i.ToString(CultureInfo.InvariantCulture)}.msg {Hex.Encode(message)}");
            lines.Add($"sha.{i.ToString(CultureInfo.InvariantCulture)}.digest {Hex.Encode(SHA512.HashData(message))}");
        }

        lines.Add($"sha.count #{ShaLengths.Length.ToString(CultureInfo.InvariantCulture)}");

        for (var i = 0; i < HmacSizes.Length; i++)
        {
            var key = RandomNumberGenerator.GetBytes(HmacSizes[i].Key);
            var data = RandomNumberGenerator.GetBytes(HmacSizes[i].Data);
            var prefix = $"hmac.{i.ToString(CultureInfo.InvariantCulture)}.";
            lines.Add(prefix + "key " + Hex.Encode(key));
            lines.Add(prefix + "data " + Hex.Encode(data));
            lines.Add(prefix + "mac " + Hex.Encode(HMACSHA256.HashData(key, data)));
        }

        lines.Add($"hmac.count #{HmacSizes.Length.ToString(CultureInfo.InvariantCulture)}");

        var nativeMac = new HmacSha256MacPrimitive();
        for (var i = 0; i < ComponentSizes.Length; i++)
        {
            var (size, chunk) = ComponentSizes[i];
            var content = RandomNumberGenerator.GetBytes(size);
            var digest = EsHmacSha256V1.ComponentDigest(nativeMac, size, chunk, EsHmacSha256V1.ChunkDigests(nativeMac, content, chunk));
            var prefix = $"comp.{i.ToString(CultureInfo.InvariantCulture)}.";
            lines.Add(prefix + "content " + Hex.Encode(content));
            lines.Add(prefix + "chunk #" + chunk.ToString(CultureInfo.InvariantCulture));
            lines.Add(prefix + "digest " + Hex.Encode(digest));
        }

        lines.Add($"comp.count #{ComponentSizes.Length.ToString(CultureInfo.InvariantCulture)}");
    }

    private static void AddReleases(List<string> lines, long now)
    {
        const long year = 365L * 86400;
        var rootKeys = Enumerable.Range(0, 3).Select(_ => Ed25519PrivateKey.Generate()).ToArray();
        var releaseKeys = Enumerable.Range(0, 3).Select(_ => Ed25519PrivateKey.Generate()).ToArray();
        try
        {
            var root = TrustRootBuilder.Create(1, now + (10 * year), [.. rootKeys.Select(k => k.PublicKey)], 2, [.. releaseKeys.Select(k => k.PublicKey)], 2);
            var signedRoot = TrustRootFile.Unsigned(root).AddSignature(rootKeys[0]).AddSignature(rootKeys[2]);
            lines.Add("trust.root " + Hex.Encode(signedRoot.ToBytes()));

            // Version 2 replaces one release key; the current root keys sign it (a rotation).
            var rotated = TrustRootBuilder.Rotate(root, new TrustRootChanges { ReleaseKeys = [releaseKeys[0].PublicKey, releaseKeys[1].PublicKey, rootKeys[1].PublicKey] });
            lines.Add("trust.root2 " + Hex.Encode(TrustRootFile.Unsigned(rotated).AddSignature(rootKeys[1]).AddSignature(rootKeys[2]).ToBytes()));

            var first = Bundle(now, 1, 10, [releaseKeys[0], releaseKeys[1]]);
            lines.Add("bundle.1 " + Hex.Encode(first.Bytes));
            lines.Add("bundle.1.manifest " + Hex.Encode(first.SignedManifest.ToBytes()));
            var second = Bundle(now, 2, 11, [releaseKeys[1], releaseKeys[2]]);
            lines.Add("bundle.2 " + Hex.Encode(second.Bytes));
            var underSigned = Bundle(now, 3, 12, [releaseKeys[2]]);
            lines.Add("bundle.under.manifest " + Hex.Encode(underSigned.SignedManifest.ToBytes()));

            // The signed manifest of the 256 KiB bundle of docs/performance.md (160, 64 and 32 KiB in 4 KiB
            // chunks, threshold 2), for the interpreter benchmark; its payload is not needed there.
            var large = BundleFile.Create(
                new BundleSpec(CaseKit.HardwareClass, new BundleVersion(4, 0, 0, 0), 13, now - 60, now + (365L * 86400)),
                [
                    new("app.pe", ComponentKind.ManagedAssembly, RandomNumberGenerator.GetBytes(160 * 1024)),
                    new("lib.pe", ComponentKind.ManagedAssembly, RandomNumberGenerator.GetBytes(64 * 1024)),
                    new("app.config", ComponentKind.Configuration, RandomNumberGenerator.GetBytes(32 * 1024)),
                ],
                [releaseKeys[0], releaseKeys[2]]);
            lines.Add("bundle.large.manifest " + Hex.Encode(large.SignedManifest.ToBytes()));
        }
        finally
        {
            foreach (var key in rootKeys.Concat(releaseKeys))
            {
                key.Dispose();
            }
        }
    }

    /// <summary>An application assembly, a library and a configuration (full and short 1 KiB chunks).</summary>
    private static BundleFile Bundle(long now, int major, long counter, Ed25519PrivateKey[] signers)
    {
        var spec = new BundleSpec(CaseKit.HardwareClass, new BundleVersion(major, 0, 0, 0), counter, now - 60, now + (365L * 86400)) { ChunkSize = 1024 };
        BundleComponentSource[] components =
        [
            new("app.pe", ComponentKind.ManagedAssembly, RandomNumberGenerator.GetBytes(2500)),
            new("lib.pe", ComponentKind.ManagedAssembly, RandomNumberGenerator.GetBytes(1800)),
            new("app.config", ComponentKind.Configuration, RandomNumberGenerator.GetBytes(300)),
        ];
        return BundleFile.Create(spec, components, signers);
    }
}
