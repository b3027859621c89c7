using EdgeSecurity.Firmware.Core.Bundles;
using EdgeSecurity.Firmware.Core.Platform;
using EdgeSecurity.Firmware.Core.Trust;
using Bc = Org.BouncyCastle.Math.EC.Rfc8032.Ed25519;

namespace EdgeSecurity.Bench.Bundles;

/// <summary>
/// A 256 KiB bundle (three components, 4 KiB chunks) signed by 2 of 3 release keys, and its trust root.
/// Keys come from a fixed seed: the benchmark needs valid signatures, not secret ones.
/// </summary>
internal sealed class BenchmarkBundle
{
    public const string HardwareClass = "esp32-wroom-4mb";
    private static readonly int[] ComponentSizes = [160 * 1024, 64 * 1024, 32 * 1024];

    public BenchmarkBundle(IMacPrimitive mac)
    {
        Random random = new(256);
        (byte[] Secret, TrustedKey Key)[] release = Enumerable.Range(0, 3).Select(_ => NewKey(random, mac)).ToArray();
        (byte[] Secret, TrustedKey Key)[] root = Enumerable.Range(0, 2).Select(_ => NewKey(random, mac)).ToArray();
        Root = new TrustRoot(
            1,
            4_102_444_800,
            root.Concat(release).Select(k => k.Key).ToArray(),
            [new TrustRole(TrustRoleNames.Root, 1, root.Select(k => k.Key.KeyId).ToArray()), new TrustRole(TrustRoleNames.Release, 2, release.Select(k => k.Key.KeyId).ToArray())],
            []);

        Payloads = ComponentSizes.Select(size => { byte[] b = new byte[size]; random.NextBytes(b); return b; }).ToArray();
        string[] names = ["app.pe", "lib.pe", "config.bin"];
        ComponentEntry[] components = Payloads
            .Select((p, i) => ComponentEntry.FromContent(mac, names[i], i < 2 ? ComponentKind.ManagedAssembly : ComponentKind.Configuration, p, 4096))
            .ToArray();
        byte[] bundleId = new byte[16];
        random.NextBytes(bundleId);
        byte[] manifest = new Manifest(bundleId, HardwareClass, new BundleVersion(2, 0, 0, 1), 3, 1_790_000_000, 1_900_000_000, "Benchmark bundle.", [], components).ToBytes();
        SignedManifest = SignedManifest.Create(manifest, release.Take(2).Select(k => Sign(k.Secret, k.Key, manifest)).ToArray());
        Container = BundleContainer.Encode(SignedManifest, Payloads);
    }

    public TrustRoot Root { get; }

    public byte[][] Payloads { get; }

    public SignedManifest SignedManifest { get; }

    public byte[] Container { get; }

    private static (byte[] Secret, TrustedKey Key) NewKey(Random random, IMacPrimitive mac)
    {
        byte[] secret = new byte[Bc.SecretKeySize];
        random.NextBytes(secret);
        byte[] publicKey = new byte[Bc.PublicKeySize];
        Bc.GeneratePublicKey(secret, 0, publicKey, 0);
        return (secret, new TrustedKey(KeyIds.Compute(mac, SignatureAlgorithm.Ed25519, publicKey), SignatureAlgorithm.Ed25519, publicKey));
    }

    private static SignatureEntry Sign(byte[] secret, TrustedKey key, byte[] manifest)
    {
        byte[] message = SigningContext.BuildSignedMessage(SigningContext.GetManifestPrefix(), manifest);
        byte[] signature = new byte[Bc.SignatureSize];
        Bc.Sign(secret, 0, message, 0, message.Length, signature, 0);
        return new SignatureEntry(key.KeyId, SignatureAlgorithm.Ed25519, signature);
    }
}
