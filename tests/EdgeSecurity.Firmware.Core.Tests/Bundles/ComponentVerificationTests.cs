using EdgeSecurity.Firmware.Core.Bundles;
using EdgeSecurity.Firmware.Core.Digests;
using FsCheck;
using FsCheck.Fluent;

namespace EdgeSecurity.Firmware.Core.Tests.Bundles;

public sealed class ComponentVerificationTests : IDisposable
{
    private const long Now = BundleFixture.Created + 100;
    private readonly BundleFixture _bundle = new(componentSizes: [10_000, 3000, 0], chunkSize: 1024);
    private readonly TempFlash _flash = new();

    public void Dispose() => _flash.Dispose();

    [Fact]
    [Trait("Requirement", "SR-FMT-005")]
    public void Installed_components_verify()
    {
        for (int i = 0; i < 3; i++)
        {
            ComponentEntry entry = _bundle.Manifest.GetComponent(i);
            _flash.Put("slots/a/" + entry.Name, _bundle.Payloads[i]);
            BundleVerification result = _bundle.Verifier.VerifyComponent(_flash.Storage, "slots/a/" + entry.Name, entry);
            Assert.True(result.IsValid, result.Message);
        }
    }

    [Fact]
    [Trait("Requirement", "SR-FMT-005")]
    public void Flipping_any_component_byte_names_the_component_and_chunk()
    {
        ComponentEntry entry = _bundle.Manifest.GetComponent(0);
        Prop.ForAll(Gen.Choose(0, entry.Size - 1).ToArbitrary(), position =>
        {
            byte[] tampered = (byte[])_bundle.Payloads[0].Clone();
            tampered[position] ^= 0x20;
            _flash.Put("app.pe", tampered);
            BundleVerification result = _bundle.Verifier.VerifyComponent(_flash.Storage, "app.pe", entry);
            Assert.Equal(BundleFailure.ComponentDigestMismatch, result.Failure);
            Assert.Equal("app.pe", result.ComponentName);
            Assert.Equal(position / 1024, result.ChunkIndex);
            Assert.Contains("chunk " + (position / 1024), result.Message, StringComparison.Ordinal);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(100));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(1)]
    [Trait("Requirement", "SR-FMT-005")]
    public void Wrong_length_is_SizeMismatch(int delta)
    {
        ComponentEntry entry = _bundle.Manifest.GetComponent(1);
        byte[] payload = _bundle.Payloads[1];
        _flash.Put("data1.bin", delta < 0 ? payload[..^1] : [.. payload, 0]);
        BundleVerification result = _bundle.Verifier.VerifyComponent(_flash.Storage, "data1.bin", entry);
        Assert.Equal(BundleFailure.SizeMismatch, result.Failure);
        Assert.Equal("data1.bin", result.ComponentName);
    }

    [Fact]
    public void Missing_file_is_MissingComponent()
    {
        BundleVerification result = _bundle.Verifier.VerifyComponent(_flash.Storage, "nothing.pe", _bundle.Manifest.GetComponent(0));
        Assert.Equal(BundleFailure.MissingComponent, result.Failure);
        Assert.Contains("nothing.pe", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Component_digest_inconsistent_with_chunk_digests_is_a_mismatch()
    {
        ComponentEntry good = _bundle.Manifest.GetComponent(1);
        byte[] chunks = Enumerable.Range(0, good.ChunkCount).SelectMany(good.GetChunkDigest).ToArray();
        var lying = new ComponentEntry(good.Name, good.Kind, good.Size, good.ChunkSize, DigestAlgorithm.EsHmacSha256V1, new byte[32], chunks);
        _flash.Put(good.Name, _bundle.Payloads[1]);
        BundleVerification result = _bundle.Verifier.VerifyComponent(_flash.Storage, good.Name, lying);
        Assert.Equal(BundleFailure.ComponentDigestMismatch, result.Failure);
        Assert.Equal(-1, result.ChunkIndex);
    }

    [Fact]
    [Trait("Requirement", "SR-FMT-005")]
    public void Chunks_verify_one_by_one_before_they_are_written()
    {
        ComponentEntry entry = _bundle.Manifest.GetComponent(0);
        byte[] payload = _bundle.Payloads[0];
        for (int i = 0; i < entry.ChunkCount; i++)
        {
            Assert.True(_bundle.Verifier.VerifyChunk(entry, i, payload, i * 1024, entry.GetChunkLength(i)).IsValid);
        }

        Assert.Equal(BundleFailure.ComponentDigestMismatch, _bundle.Verifier.VerifyChunk(entry, 1, payload, 0, 1024).Failure);
        Assert.Equal(BundleFailure.SizeMismatch, _bundle.Verifier.VerifyChunk(entry, 9, payload, 9 * 1024, 100).Failure);
        Assert.Equal(BundleFailure.SizeMismatch, _bundle.Verifier.VerifyChunk(entry, entry.ChunkCount, payload, 0, 1).Failure);
    }

    [Fact]
    [Trait("Requirement", "SR-FMT-006")]
    public void Container_verifies_in_place()
    {
        _flash.Put("ota/bundle.esb", _bundle.Container());
        BundleVerification result = _bundle.Verifier.VerifyContainer(_flash.Storage, "ota/bundle.esb", _bundle.Root, BundleFixture.HardwareClass, 0, Now);
        Assert.True(result.IsValid, result.Message);
        Assert.Equal(_bundle.ManifestBytes, result.SignedManifest.Envelope.GetPayload());
        Assert.Equal(2, result.ValidSignatures);
    }

    [Fact]
    [Trait("Requirement", "SR-FMT-006")]
    public void Container_with_a_tampered_payload_names_component_and_chunk()
    {
        byte[] container = _bundle.Container();
        BundleContainer layout = Open(container);
        container[layout.GetComponentOffset(1) + 2100] ^= 1;
        _flash.Put("b.esb", container);
        BundleVerification result = _bundle.Verifier.VerifyContainer(_flash.Storage, "b.esb", _bundle.Root, BundleFixture.HardwareClass, 0, Now);
        Assert.Equal(BundleFailure.ComponentDigestMismatch, result.Failure);
        Assert.Equal("data1.bin", result.ComponentName);
        Assert.Equal(2, result.ChunkIndex);
    }

    [Fact]
    [Trait("Requirement", "SR-FMT-006")]
    public void Container_reports_manifest_failures()
    {
        _flash.Put("b.esb", _bundle.Container(_bundle.Sign(1)));
        Assert.Equal(BundleFailure.ThresholdNotMet, _bundle.Verifier.VerifyContainer(_flash.Storage, "b.esb", _bundle.Root, BundleFixture.HardwareClass, 0, Now).Failure);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(1)]
    [Trait("Requirement", "SR-FMT-006")]
    public void Container_of_the_wrong_length_is_malformed(int delta)
    {
        byte[] container = _bundle.Container();
        _flash.Put("b.esb", delta < 0 ? container[..^1] : [.. container, 7]);
        BundleVerification result = _bundle.Verifier.VerifyContainer(_flash.Storage, "b.esb", _bundle.Root, BundleFixture.HardwareClass, 0, Now);
        Assert.Equal(BundleFailure.Malformed, result.Failure);
        Assert.Contains(delta < 0 ? "needs" : "follow", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Requirement", "SR-FMT-001")]
    public void Container_header_parser_accepts_or_rejects_cleanly_under_mutation()
    {
        // Small payloads: every truncation length is written to the file-backed flash.
        var small = new BundleFixture(_bundle.Keys, componentSizes: [40, 0], chunkSize: 1024);
        Serialization.ParserRobustness.Check(small.Container(), bytes => Reencode(Open(bytes), bytes), randomMutations: 150);
    }

    private static byte[] Reencode(BundleContainer container, byte[] original)
    {
        byte[] header = BundleContainer.EncodeHeader(container.SignedManifest);
        return [.. header, .. original.AsSpan(header.Length)];
    }

    private BundleContainer Open(byte[] container)
    {
        _flash.Put("probe.esb", container);
        _flash.Storage.SetLength("probe.esb", container.Length);
        _flash.Storage.Flush("probe.esb");
        return BundleContainer.Open(_flash.Storage, "probe.esb");
    }
}
