using EdgeSecurity.Firmware.Core.Bundles;
using EdgeSecurity.Firmware.Core.Tests.Trust;
using EdgeSecurity.Platform.Crypto;

namespace EdgeSecurity.Firmware.Core.Tests.TestSupport;

/// <summary>One bundle built by <see cref="TestRelease"/>: its signed manifest, payloads and container encoding.</summary>
internal sealed record TestBundle(byte[] SignedManifest, byte[][] Payloads, Manifest Manifest)
{
    public byte[] Container => BundleContainer.Encode(Core.Bundles.SignedManifest.Parse(SignedManifest), Payloads);

    public long Counter => Manifest.SecurityCounter;

    public string Version => Manifest.Version.ToString();
}

/// <summary>
/// A product's release keys for tests (keys from the formats tests' <see cref="TrustRootFixture"/>) and signed
/// bundles built from them. Shared by the boot, install and integrity tests.
/// </summary>
internal sealed class TestRelease
{
    public const string HardwareClass = "esp32-test-board";
    public const int ChunkSize = 1024;

    // Root role 1 of 1 keeps the boot's trust-root check cheap; the release role needs 2 of 3.
    private readonly TrustRootFixture _keys = new(rootKeys: 1, rootThreshold: 1, releaseKeys: 3, releaseThreshold: 2);

    public TestRelease()
    {
        SignedTrustRoot = TrustRootFixture.Sign(_keys.Build(), _keys.RootSigners).ToBytes();
    }

    public byte[] SignedTrustRoot { get; }

    /// <summary>The release's root and release keys (the OTA tests rotate the root and revoke keys with them).</summary>
    public TrustRootFixture Keys => _keys;

    /// <summary>
    /// A bundle with an application assembly, a library and a configuration component (sizes chosen to give
    /// full and short chunks); <paramref name="seed"/> makes the contents differ between bundles.
    /// </summary>
    /// <param name="firstSigner">Index of the first release key that signs (the next <paramref name="signers"/> keys sign).</param>
    /// <param name="expiresUnixSeconds">The manifest's expiry; a year from now when null.</param>
    public TestBundle Bundle(int major, long counter, int seed, string hardwareClass = HardwareClass, int signers = 2, int[]? sizes = null, int firstSigner = 0, long? expiresUnixSeconds = null, int chunkSize = ChunkSize)
    {
        sizes ??= [2500, 1800, 300];
        string[] names = ["app.pe", "lib.pe", "app.config"];
        ComponentKind[] kinds = [ComponentKind.ManagedAssembly, ComponentKind.ManagedAssembly, ComponentKind.Configuration];
        var random = new Random(seed);
        var payloads = new byte[sizes.Length][];
        var entries = new ComponentEntry[sizes.Length];
        var mac = new HmacSha256MacPrimitive();
        for (var i = 0; i < sizes.Length; i++)
        {
            payloads[i] = new byte[sizes[i]];
            random.NextBytes(payloads[i]);
            entries[i] = ComponentEntry.FromContent(mac, names[i], kinds[i], payloads[i], chunkSize);
        }

        var bundleId = new byte[Manifest.BundleIdLength];
        random.NextBytes(bundleId);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var manifest = new Manifest(bundleId, hardwareClass, new BundleVersion(major, 0, 0, seed), counter, now, expiresUnixSeconds ?? now + (86400 * 365), "test release", [], entries);
        var manifestBytes = manifest.ToBytes();
        var signatures = _keys.ReleaseSigners.Skip(firstSigner).Take(signers).Select(k => k.SignManifest(manifestBytes)).ToArray();
        var signed = SignedManifest.Create(manifestBytes, signatures).ToBytes();
        return new TestBundle(signed, payloads, manifest);
    }
}
