using EdgeSecurity.Firmware.Core.Bundles;
using EdgeSecurity.Firmware.Core.Trust;
using EdgeSecurity.Firmware.HostPlatform.Crypto;

namespace EdgeSecurity.Firmware.Core.Tests.TestSupport;

/// <summary>One bundle built by <see cref="TestRelease"/>: its signed manifest, payloads and container encoding.</summary>
public sealed record TestBundle(byte[] SignedManifest, byte[][] Payloads, Manifest Manifest)
{
    public byte[] Container => BundleContainer.Encode(Bundles.SignedManifest.Parse(SignedManifest), Payloads);

    public long Counter => Manifest.SecurityCounter;

    public string Version => Manifest.Version.ToString();
}

/// <summary>
/// A product's release keys for tests: a trust root with a root role (1 key) and a release role that needs
/// 2 of 3 keys, and signed bundles built from it. Shared by the boot, install and integrity tests.
/// </summary>
public sealed class TestRelease
{
    public const string HardwareClass = "esp32-test-board";
    public const int ChunkSize = 1024;

    private readonly TestSigningKey _rootKey = new();
    private readonly TestSigningKey[] _releaseKeys = [new(), new(), new()];

    public TestRelease()
    {
        var root = new TrustRoot(
            1,
            DateTimeOffset.UtcNow.AddYears(5).ToUnixTimeSeconds(),
            [_rootKey.AsTrustedKey(), .. _releaseKeys.Select(k => k.AsTrustedKey())],
            [new TrustRole(TrustRoleNames.Root, 1, [_rootKey.KeyId]), new TrustRole(TrustRoleNames.Release, 2, [.. _releaseKeys.Select(k => k.KeyId)])],
            []);
        var bytes = root.ToBytes();
        SignedTrustRoot = Trust.SignedTrustRoot.Create(bytes, [_rootKey.Sign(SigningContext.GetTrustRootPrefix(), bytes)]).ToBytes();
    }

    public byte[] SignedTrustRoot { get; }

    /// <summary>
    /// A bundle with an application assembly, a library and a configuration component (sizes chosen to give
    /// full and short chunks); <paramref name="seed"/> makes the contents differ between bundles.
    /// </summary>
    public TestBundle Bundle(int major, long counter, int seed, string hardwareClass = HardwareClass, int signers = 2, int[]? sizes = null)
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
            entries[i] = ComponentEntry.FromContent(mac, names[i], kinds[i], payloads[i], ChunkSize);
        }

        var bundleId = new byte[Manifest.BundleIdLength];
        random.NextBytes(bundleId);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var manifest = new Manifest(bundleId, hardwareClass, new BundleVersion(major, 0, 0, seed), counter, now, now + 86400 * 365, "test release", [], entries);
        var manifestBytes = manifest.ToBytes();
        var signatures = _releaseKeys.Take(signers).Select(k => k.Sign(SigningContext.GetManifestPrefix(), manifestBytes)).ToArray();
        var signed = SignedManifest.Create(manifestBytes, signatures).ToBytes();
        return new TestBundle(signed, payloads, manifest);
    }
}
