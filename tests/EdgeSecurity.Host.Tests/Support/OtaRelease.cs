using EdgeSecurity.Firmware.Core.Bundles;
using EdgeSecurity.Firmware.Core.Trust;
using EdgeSecurity.Signing.Bundles;
using EdgeSecurity.Signing.Keys;
using EdgeSecurity.Signing.TrustRoots;

namespace EdgeSecurity.Host.Tests.Support;

/// <summary>
/// A product's release setup for OTA tests: one root key, two release keys (threshold 2), the signed trust
/// root v1 written to a file the host is configured with, and signed bundles made with the real signing code.
/// </summary>
public sealed class OtaRelease : IDisposable
{
    public const string HardwareClass = "esp32";

    private readonly string _directory = Directory.CreateTempSubdirectory("es-ota-release-").FullName;

    public OtaRelease()
    {
        Root = TrustRootBuilder.Create(1, Now + (365 * 86_400), [RootKey.PublicKey], 1, [.. ReleaseKeys.Select(k => k.PublicKey)], 2);
        SignedRoot = TrustRootFile.Unsigned(Root).AddSignature(RootKey);
        TrustRootPath = Path.Combine(_directory, "trustroot.esr");
        File.WriteAllBytes(TrustRootPath, SignedRoot.ToBytes());
    }

    public static long Now => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    public Ed25519PrivateKey RootKey { get; } = Ed25519PrivateKey.Generate();

    public Ed25519PrivateKey[] ReleaseKeys { get; } = [Ed25519PrivateKey.Generate(), Ed25519PrivateKey.Generate()];

    public Ed25519PrivateKey Stranger { get; } = Ed25519PrivateKey.Generate();

    public TrustRoot Root { get; }

    public TrustRootFile SignedRoot { get; }

    public string TrustRootPath { get; }

    /// <summary>A bundle signed by both release keys unless <paramref name="signers"/> says otherwise.</summary>
    public byte[] Bundle(long counter = 1, string hardwareClass = HardwareClass, long? expires = null, int payloadBytes = 5000, Ed25519PrivateKey[]? signers = null)
    {
        var spec = new BundleSpec(hardwareClass, new BundleVersion(1, 0, (int)counter, 0), counter, Now - 60, expires ?? Now + 86_400) { ChunkSize = 1024 };
        var payload = new byte[payloadBytes];
        new Random((int)counter).NextBytes(payload);
        return BundleFile.Create(spec, [new BundleComponentSource("App.pe", ComponentKind.ManagedAssembly, payload)], signers ?? ReleaseKeys).Bytes;
    }

    /// <summary>Trust root v2 (a new release key replaces the first one), signed by the given root keys.</summary>
    public byte[] RotatedRoot(params Ed25519PrivateKey[] signers)
    {
        var next = TrustRootBuilder.Rotate(Root, new TrustRootChanges { ReleaseKeys = [Stranger.PublicKey, ReleaseKeys[1].PublicKey] });
        var file = TrustRootFile.Unsigned(next);
        foreach (var signer in signers)
        {
            file = file.AddSignature(signer);
        }

        return file.ToBytes();
    }

    public void Dispose()
    {
        RootKey.Dispose();
        Stranger.Dispose();
        foreach (var key in ReleaseKeys)
        {
            key.Dispose();
        }

        Directory.Delete(_directory, recursive: true);
    }
}
