using EdgeSecurity.Firmware.Core.Bundles;
using EdgeSecurity.Firmware.Core.Digests;
using EdgeSecurity.Firmware.Core.Tests.Trust;
using EdgeSecurity.Firmware.Core.Trust;
using EdgeSecurity.Platform.Crypto;

namespace EdgeSecurity.Firmware.Core.Tests.Bundles;

/// <summary>A trust root plus a signed bundle with random component contents.</summary>
internal sealed class BundleFixture
{
    public const string HardwareClass = "esp32-wroom-4mb";
    public const long Created = 1_790_000_000;
    public const long Expires = 1_800_000_000;
    public const long SecurityCounter = 7;

    public static readonly HmacSha256MacPrimitive Mac = new();

    public BundleFixture(TrustRootFixture? keys = null, int[]? componentSizes = null, int chunkSize = EsHmacSha256V1.DefaultChunkSize)
    {
        Keys = keys ?? new TrustRootFixture();
        Root = Keys.Build();
        int[] sizes = componentSizes ?? [5000, 4096, 0];
        Payloads = sizes.Select(RandomBytes).ToArray();
        ComponentEntry[] components = Payloads
            .Select((p, i) => ComponentEntry.FromContent(Mac, i == 0 ? "app.pe" : "data" + i + ".bin", i == 0 ? ComponentKind.ManagedAssembly : ComponentKind.Data, p, chunkSize))
            .ToArray();
        Manifest = NewManifest(components);
        ManifestBytes = Manifest.ToBytes();
    }

    public TrustRootFixture Keys { get; }

    public TrustRoot Root { get; }

    public byte[][] Payloads { get; }

    public Manifest Manifest { get; }

    public byte[] ManifestBytes { get; }

    public BundleVerifier Verifier { get; } = new(new BouncyCastleEd25519Verifier(), Mac);

    public static byte[] RandomBytes(int length)
    {
        byte[] bytes = new byte[length];
        System.Security.Cryptography.RandomNumberGenerator.Fill(bytes);
        return bytes;
    }

    public static Manifest NewManifest(ComponentEntry[] components, string hardwareClass = HardwareClass, long counter = SecurityCounter, long expires = Expires) =>
        new(RandomBytes(16), hardwareClass, new BundleVersion(1, 4, 2, 1234), counter, Created, expires, "Fixes the MQTT reconnect loop.\nSee CVE list.", ["CVE-2026-10001"], components);

    /// <summary>Signed by the first <paramref name="signers"/> release keys (default: the threshold).</summary>
    public SignedManifest Sign(int? signers = null) =>
        SignedManifest.Create(ManifestBytes, Keys.ReleaseSigners.Take(signers ?? Keys.ReleaseThreshold).Select(s => s.SignManifest(ManifestBytes)).ToArray());

    public SignedManifest SignWith(params TestSigner[] signers) =>
        SignedManifest.Create(ManifestBytes, signers.Select(s => s.SignManifest(ManifestBytes)).ToArray());

    public byte[] Container(SignedManifest? signed = null) => BundleContainer.Encode(signed ?? Sign(), Payloads);

    public BundleVerification VerifyManifest(SignedManifest signed, long now = BundleVerifier.ExpiryNotChecked, string hardwareClass = HardwareClass, long minimumCounter = SecurityCounter) =>
        Verifier.VerifyManifest(signed, Root, hardwareClass, minimumCounter, now);
}
