using System.Reflection;
using EdgeSecurity.Firmware.Core.Boot;
using EdgeSecurity.Firmware.Core.Bundles;
using EdgeSecurity.Firmware.Core.Crypto;
using EdgeSecurity.Firmware.Core.Digests;
using EdgeSecurity.Firmware.Core.Install;
using EdgeSecurity.Firmware.Core.Ota;
using EdgeSecurity.Firmware.Core.Serialization;
using EdgeSecurity.Firmware.Core.Tests.Crypto;
using EdgeSecurity.Firmware.Core.Tests.Events.Support;
using EdgeSecurity.Firmware.Core.Tests.TestSupport;
using EdgeSecurity.Firmware.Core.Trust;
using Xunit.Abstractions;

namespace EdgeSecurity.Firmware.Core.Tests.Ota;

/// <summary>
/// The device cost of the update client's two hot paths (docs/performance.md, "OTA on the device"), by the
/// method of the Ed25519 estimate: count what executes — native HMAC calls and bytes, Ed25519 verifications,
/// flash steps — and the IL of the managed methods on the path, then scale by the interpreter's speed.
/// Counts, not timings: the assertions hold on any machine.
/// </summary>
[Trait("Requirement", "SR-OTA-004")]
public sealed class OtaDeviceCostTests : IDisposable
{
    private const int ChunkSize = 4096;
    private static readonly TestRelease Release = new();
    private static readonly TestBundle Old = Release.Bundle(1, 1, seed: 61, chunkSize: ChunkSize);
    private static readonly TestBundle New = Release.Bundle(2, 2, seed: 62, sizes: [40_000, 16_000, 600], chunkSize: ChunkSize);
    private readonly ITestOutputHelper _output;
    private readonly TestDevice _device = new(Release);
    private readonly TestMac _mac = new();
    private readonly CountingVerifier _signatures = new();

    public OtaDeviceCostTests(ITestOutputHelper output)
    {
        _output = output;
        _device.Provision(Old);
    }

    public void Dispose() => _device.Dispose();

    [Fact]
    public void Verifying_one_chunk_is_one_native_hmac_over_the_chunk_and_no_signature()
    {
        var (installer, storage) = Installer();
        Assert.True(installer.BeginInstall(New.SignedManifest).IsAccepted);
        byte[] message = OtaChunkCodec.Encode(new OtaChunk(1, 0, 3, TestDevice.Chunk(New, 0, 3)));
        int calls = _mac.Calls;
        int signatures = _signatures.Calls;
        long steps = storage.StepsPerformed;

        OtaChunk chunk = OtaChunkCodec.Decode(message);
        Assert.True(installer.WriteChunk(chunk.ComponentIndex, chunk.ChunkIndex, chunk.Data).IsAccepted);

        Assert.Equal(1, _mac.Calls - calls);
        Assert.Equal(0, _signatures.Calls - signatures);
        Assert.Equal(1, storage.StepsPerformed - steps);
        int il = ManagedIlPerChunk();
        _output.WriteLine($"one {ChunkSize}-byte chunk: 1 native HMAC-SHA256 over {ChunkSize + EsHmacSha256V1.LeafHeaderLength} bytes, 1 flash write+flush, 0 Ed25519; managed IL on the path ≈ {il}");
        Assert.InRange(il, 500, 10_000);
    }

    [Fact]
    public void Resuming_checks_the_signatures_once_and_hashes_each_chunk_on_flash_once()
    {
        var (installer, _) = Installer();
        Assert.True(installer.BeginInstall(New.SignedManifest).IsAccepted);
        int written = 0;
        for (int k = 0; k < New.Manifest.GetComponent(0).ChunkCount; k++)
        {
            Assert.True(installer.WriteChunk(0, k, TestDevice.Chunk(New, 0, k)).IsAccepted);
            written++;
        }

        // A reboot: a new installer over the same flash, as the update client builds after a power-on.
        var (resumed, _) = Installer();
        int calls = _mac.Calls;
        int signatures = _signatures.Calls;

        InstallResult begun = resumed.BeginInstall(New.SignedManifest);

        int total = Enumerable.Range(0, New.Manifest.ComponentCount).Sum(i => New.Manifest.GetComponent(i).ChunkCount);
        Assert.True(begun.IsAccepted);
        Assert.Equal(total - written, begun.MissingChunks);
        Assert.Equal(2, _signatures.Calls - signatures);
        Assert.Equal(written, _mac.Calls - calls);
        int sha512Blocks = (25 + 64 + New.Manifest.ToBytes().Length + 17 + 127) / 128;
        _output.WriteLine($"resume with {written} of {total} chunks on flash: {_signatures.Calls - signatures} Ed25519 verifications (≈ 2.4 M IL each, docs/performance.md) with {sha512Blocks} SHA-512 blocks each (≈ 13 k IL per block), {written} native HMACs over {ChunkSize + 1} bytes and {written} chunk reads; managed IL per present chunk ≈ {ManagedIlPerPresentChunk()}");
    }

    private (BundleInstaller Installer, EdgeSecurity.Firmware.HostPlatform.Storage.FileFlashStorage Storage) Installer()
    {
        TestBootSession session = _device.Boot();
        var bundles = new BundleVerifier(_signatures, _mac);
        return (new BundleInstaller(session.Storage, session.State, session.TrustRoot, bundles, _device.Clock, TestRelease.HardwareClass, session.Decision.Slot), session.Storage);
    }

    /// <summary>
    /// IL in the bodies of the managed methods one chunk goes through on the device, each counted once (the
    /// branches not taken make it an upper bound), and the 32-byte digest compare as 32 times its whole body
    /// (an upper bound too: the loop body is only part of it).
    /// </summary>
    private static int ManagedIlPerChunk() =>
        Il(typeof(OtaInbox), "Put") + Il(typeof(OtaInbox), "IsExpectedLocked") + Il(typeof(OtaMessages), "Classify") + Il(typeof(OtaInbox), "TryTake")
        + Il(typeof(BundleDownload), "OnChunk") + Il(typeof(BundleDownload), "Handle") + Il(typeof(BundleDownload), "AnnounceExpected") + Il(typeof(BundleDownload), "ReportProgressIfDue")
        + Il(typeof(OtaChunkCodec), "Decode") + Il(typeof(ByteReader), "ExpectMagic") + Il(typeof(ByteReader), "ExpectFormatVersion") + (2 * Il(typeof(ByteReader), "ReadUInt32InRange"))
        + Il(typeof(ByteReader), "ReadByte") + Il(typeof(ByteReader), "ReadUInt16") + Il(typeof(ByteReader), "ReadBytes") + Il(typeof(ByteReader), "ExpectEnd") + (8 * Il(typeof(ByteReader), "Require"))
        + Il(typeof(OtaChunkId), "Check") + Ctor(typeof(OtaChunk))
        + Il(typeof(ChunkSchedule), "GlobalIndex") + Il(typeof(ChunkSchedule), "IsPresent") + Il(typeof(ChunkSchedule), "IsInFlight") + Il(typeof(ChunkSchedule), "MarkPresent") + Il(typeof(ChunkSchedule), "Release")
        + (3 * Il(typeof(ChunkSchedule), "SlotOf")) + Il(typeof(ChunkSchedule), "InFlight") + Il(typeof(ChunkSchedule), "ToId")
        + Il(typeof(ComponentEntry), "GetChunkLength") + Il(typeof(BundleInstaller), "WriteChunk") + Il(typeof(BundleVerifier), "VerifyChunk") + Il(typeof(EsHmacSha256V1), "ChunkDigest")
        + Il(typeof(BundleVerifier), "MatchesChunkDigest") + Il(typeof(ConstantTime), "AreEqual") + (32 * Il(typeof(ConstantTime), "Accumulate"))
        + Il(typeof(BootSlot), "ComponentFile");

    /// <summary>IL per chunk already on flash when a download resumes: read it back, hash it natively, compare.</summary>
    private static int ManagedIlPerPresentChunk() =>
        Il(typeof(BundleInstaller), "IsChunkPresent") + Il(typeof(BundleVerifier), "VerifyChunk") + Il(typeof(EsHmacSha256V1), "ChunkDigest")
        + Il(typeof(BundleVerifier), "MatchesChunkDigest") + Il(typeof(ConstantTime), "AreEqual") + (32 * Il(typeof(ConstantTime), "Accumulate"))
        + Il(typeof(ComponentEntry), "GetChunkLength") + Il(typeof(BootSlot), "ComponentFile");

    /// <summary>IL instructions of the overload of <paramref name="name"/> with the most parameters (the one the others call).</summary>
    private static int Il(Type type, string name) => IlInspector.Inspect(
        type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance)
            .Where(m => m.Name == name)
            .OrderByDescending(m => m.GetParameters().Length)
            .First()).Instructions;

    private static int Ctor(Type type) => IlInspector.Inspect(type.GetConstructors().Single()).Instructions;

    /// <summary>The core's Ed25519, counting verifications.</summary>
    private sealed class CountingVerifier : ISignatureVerifier
    {
        private readonly Ed25519SignatureVerifier _inner = new();

        public int Calls { get; private set; }

        public SignatureAlgorithm Algorithm => _inner.Algorithm;

        public bool Verify(byte[] publicKey, byte[] prefix, byte[] message, byte[] signature)
        {
            Calls++;
            return _inner.Verify(publicKey, prefix, message, signature);
        }
    }
}
