using BenchmarkDotNet.Attributes;
using EdgeSecurity.Firmware.Core.Bundles;
using EdgeSecurity.Firmware.Core.Trust;
using EdgeSecurity.Firmware.HostPlatform.Storage;
using EdgeSecurity.Platform.Crypto;

namespace EdgeSecurity.Bench.Bundles;

/// <summary>
/// Verification of a 256 KiB bundle container stored in the simulator's file-backed flash: release
/// threshold 2 with the core's managed Ed25519, and every component digest (64 chunks of 4 KiB), plus
/// the parts on their own so the device estimate in docs/performance.md can be assembled from them.
/// </summary>
[MemoryDiagnoser]
public class BundleVerificationBenchmarks
{
    private const string FileName = "ota/bundle.esb";
    private readonly HmacSha256MacPrimitive _mac = new();
    private string _directory = "";
    private FileFlashStorage _storage = null!;
    private BenchmarkBundle _bundle = null!;
    private BundleVerifier _verifier = null!;
    private byte[] _signedManifestBytes = [];

    [GlobalSetup]
    public void Setup()
    {
        _bundle = new BenchmarkBundle(_mac);
        _directory = Directory.CreateTempSubdirectory("es-bench-bundle-").FullName;
        _storage = new FileFlashStorage(_directory, 4 * 1024 * 1024);
        _storage.Write(FileName, 0, _bundle.Container, 0, _bundle.Container.Length);
        _storage.Flush(FileName);
        _verifier = new BundleVerifier(new Ed25519SignatureVerifier(), _mac);
        _signedManifestBytes = _bundle.SignedManifest.ToBytes();
        BundleVerification check = Container();
        if (!check.IsValid)
        {
            throw new InvalidOperationException("benchmark bundle does not verify: " + check.Message);
        }
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_directory, recursive: true);

    [Benchmark(Baseline = true, Description = "VerifyContainer: parse + 2 Ed25519 + 256 KiB digests")]
    public BundleVerification Container() =>
        _verifier.VerifyContainer(_storage, FileName, _bundle.Root, BenchmarkBundle.HardwareClass, 0, 1_800_000_000);

    [Benchmark(Description = "VerifyManifest: 2 Ed25519 (threshold 2)")]
    public BundleVerification ManifestSignatures() =>
        _verifier.VerifyManifest(_bundle.SignedManifest, _bundle.Root, BenchmarkBundle.HardwareClass, 0, 1_800_000_000);

    [Benchmark(Description = "Component digests: 256 KiB in 4 KiB chunks from flash")]
    public bool ComponentDigests()
    {
        BundleContainer container = BundleContainer.Open(_storage, FileName);
        Manifest manifest = container.SignedManifest.Manifest;
        bool valid = true;
        for (int i = 0; i < manifest.ComponentCount; i++)
        {
            valid &= _verifier.VerifyComponentAt(_storage, FileName, container.GetComponentOffset(i), manifest.GetComponent(i)).IsValid;
        }

        return valid;
    }

    [Benchmark(Description = "Parse signed manifest")]
    public SignedManifest ParseManifest() => SignedManifest.Parse(_signedManifestBytes);
}
