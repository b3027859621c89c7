using System.Security.Cryptography;
using EdgeSecurity.Firmware.Core.Bundles;
using EdgeSecurity.Firmware.Core.Install;
using EdgeSecurity.Firmware.Core.Ota;
using EdgeSecurity.Firmware.Core.Serialization;
using EdgeSecurity.Firmware.Core.Tests.Events.Support;
using EdgeSecurity.Firmware.Core.Tests.Serialization;
using EdgeSecurity.Firmware.Core.Trust;

namespace EdgeSecurity.Firmware.Core.Tests.Ota;

/// <summary>The OTA wire messages (docs/formats/ota.md): fixed layouts, round trips and the bounds of each field.</summary>
[Trait("Requirement", "SR-OTA-001")]
public sealed class OtaCodecTests
{
    private const string Device = "dev-0001";
    private readonly TestMac _mac = new();
    private readonly byte[] _key = TestMac.NewKey();

    [Fact]
    public void An_offer_has_its_documented_layout_and_round_trips()
    {
        byte[] payload = [0xAA, 0xBB, 0xCC];
        var bytes = OtaOfferCodec.Encode(_mac, _key, Device, new OtaOffer(OtaOfferKind.Bundle, 7, 0x0102030405060708, 1_800_000_000, payload));

        Assert.Equal(OtaOfferCodec.HeaderBytes + 3 + 32, bytes.Length);
        Assert.Equal("ESOF"u8.ToArray(), bytes[..4]);
        Assert.Equal(new byte[] { 1, 0, 1, 7, 0, 0, 0, 8, 7, 6, 5, 4, 3, 2, 1 }, bytes[4..19]);
        Assert.Equal(BitConverter.GetBytes(1_800_000_000L), bytes[19..27]);
        Assert.Equal(new byte[] { 3, 0, 0, 0, 0xAA, 0xBB, 0xCC }, bytes[27..34]);
        byte[] macInput = [.. "ES-OTA-OFFER-V1"u8, (byte)Device.Length, .. System.Text.Encoding.ASCII.GetBytes(Device), .. bytes[..34]];
        Assert.Equal(HMACSHA256.HashData(_key, macInput), bytes[34..]);

        var offer = OtaOfferCodec.Decode(_mac, _key, Device, bytes);
        Assert.Equal(OtaOfferKind.Bundle, offer.Kind);
        Assert.Equal(7, offer.CampaignId);
        Assert.Equal(0x0102030405060708, offer.Sequence);
        Assert.Equal(1_800_000_000, offer.HostUnixSeconds);
        Assert.Equal(payload, offer.GetPayload());
    }

    [Fact]
    public void A_chunk_request_has_its_documented_layout_and_round_trips()
    {
        var bytes = OtaChunkRequestCodec.Encode(new OtaChunkRequest(9, [new OtaChunkId(0, 3), new OtaChunkId(2, 1023)]));

        Assert.Equal("ESOQ"u8.ToArray().Concat(new byte[] { 1, 0, 9, 0, 0, 0, 2, 0, 3, 0, 2, 0xFF, 0x03 }), bytes);
        var request = OtaChunkRequestCodec.Decode(bytes);
        Assert.Equal(9, request.CampaignId);
        Assert.Equal(2, request.Count);
        Assert.True(request.GetChunk(1).Is(2, 1023));
        Assert.Equal(OtaMessageType.ChunkRequest, OtaMessages.Classify(bytes));
    }

    [Fact]
    public void A_chunk_has_its_documented_layout_and_round_trips()
    {
        var bytes = OtaChunkCodec.Encode(new OtaChunk(5, 1, 258, [1, 2, 3, 4]));

        Assert.Equal("ESOC"u8.ToArray().Concat(new byte[] { 1, 0, 5, 0, 0, 0, 1, 2, 1, 4, 0, 0, 0, 1, 2, 3, 4 }), bytes);
        var chunk = OtaChunkCodec.Decode(bytes);
        Assert.Equal((5L, 1, 258), (chunk.CampaignId, chunk.ComponentIndex, chunk.ChunkIndex));
        Assert.Equal(new byte[] { 1, 2, 3, 4 }, chunk.Data);
        Assert.Equal(OtaMessageType.Chunk, OtaMessages.Classify(bytes));
    }

    [Fact]
    public void A_report_has_its_documented_layout_and_round_trips()
    {
        byte[] bundleId = Enumerable.Range(1, 16).Select(i => (byte)i).ToArray();
        int reason = OtaReason.FromInstall(InstallFailure.ChunkDigestMismatch);
        var bytes = OtaReportCodec.Encode(_mac, _key, Device, new OtaReport(3, OtaStage.Failed, reason, 10, 20, bundleId, 42, "chunk 2/7"));

        Assert.Equal(OtaReportCodec.HeaderBytes + 9 + 32, bytes.Length);
        Assert.Equal("ESOR"u8.ToArray().Concat(new byte[] { 1, 0, 3, 0, 0, 0, 8, 11, 2, 10, 0, 0, 0, 20, 0, 0, 0 }), bytes[..21]);
        Assert.Equal(bundleId, bytes[21..37]);
        Assert.Equal(new byte[] { 42, 0, 0, 0, 9 }, bytes[37..42]);
        byte[] macInput = [.. "ES-OTA-REPORT-V1"u8, (byte)Device.Length, .. System.Text.Encoding.ASCII.GetBytes(Device), .. bytes[..^32]];
        Assert.Equal(HMACSHA256.HashData(_key, macInput), bytes[^32..]);

        var report = OtaReportCodec.Decode(_mac, _key, Device, bytes);
        Assert.Equal((3L, OtaStage.Failed, reason, 10L, 20L, 42L, "chunk 2/7"), (report.CampaignId, report.Stage, report.Reason, report.ChunksPresent, report.ChunksTotal, report.SecurityCounter, report.Text));
        Assert.Equal(bundleId, report.GetBundleId());
        Assert.Equal(OtaReasonFamily.Install, OtaReason.FamilyOf(report.Reason));
        Assert.Equal((int)InstallFailure.ChunkDigestMismatch, OtaReason.CodeOf(report.Reason));
        Assert.Equal(OtaMessageType.Report, OtaMessages.Classify(bytes));
    }

    [Theory]
    [InlineData(OtaStage.Accepted)]
    [InlineData(OtaStage.Confirmed)]
    [InlineData(OtaStage.RolledBack)]
    [InlineData(OtaStage.RootInstalled)]
    [InlineData(OtaStage.AlreadyInstalled)]
    public void Every_stage_round_trips(OtaStage stage) =>
        Assert.Equal(stage, OtaReportCodec.Decode(_mac, _key, Device, OtaReportCodec.Encode(_mac, _key, Device, new OtaReport(1, stage, 0, 0, 0, null, 0, ""))).Stage);

    [Fact]
    public void Reason_families_keep_the_existing_failure_codes_apart()
    {
        Assert.Equal(0x0107, OtaReason.FromBundle(BundleFailure.CounterRollback));
        Assert.Equal(0x020B, OtaReason.FromInstall(InstallFailure.ChunkDigestMismatch));
        Assert.Equal(0x0307, OtaReason.FromTrustRoot(TrustRootFailure.VersionNotIncreasing));
        Assert.Equal(0x0404, OtaReason.FromMalformed(MalformedReason.LengthOutOfRange));
        Assert.Equal(0x0501, OtaReason.FromOta(OtaFailure.ReplayedOffer));
        Assert.Equal(0, OtaReason.FromBundle(BundleFailure.None));
        Assert.False(OtaReason.IsDefined(0x0600));
        Assert.False(OtaReason.IsDefined(0x010D));
        Assert.True(OtaReason.IsDefined(0x050B));
    }

    [Fact]
    public void Out_of_range_fields_are_refused_when_building_a_message()
    {
        Assert.Throws<MalformedDataException>(() => new OtaOffer(OtaOfferKind.Bundle, 0, 1, 0, [1]));
        Assert.Throws<MalformedDataException>(() => new OtaOffer(OtaOfferKind.Bundle, 1, 0, 0, [1]));
        Assert.Throws<MalformedDataException>(() => new OtaOffer((OtaOfferKind)3, 1, 1, 0, [1]));
        Assert.Throws<MalformedDataException>(() => new OtaOffer(OtaOfferKind.TrustRoot, 1, 1, 0, new byte[SignedTrustRoot.MaxEncodedLength + 1]));
        Assert.Throws<MalformedDataException>(() => new OtaChunkRequest(1, []));
        Assert.Throws<MalformedDataException>(() => new OtaChunkRequest(1, Enumerable.Range(0, 9).Select(i => new OtaChunkId(0, i)).ToArray()));
        Assert.Throws<MalformedDataException>(() => new OtaChunkRequest(1, [new OtaChunkId(0, 1), new OtaChunkId(0, 1)]));
        Assert.Throws<MalformedDataException>(() => new OtaChunkId(Manifest.MaxComponents, 0));
        Assert.Throws<MalformedDataException>(() => new OtaChunkId(0, ComponentEntry.MaxChunks));
        Assert.Throws<MalformedDataException>(() => new OtaChunk(1, 0, 0, new byte[OtaChunkCodec.MaxDataLength + 1]));
        Assert.Throws<MalformedDataException>(() => new OtaChunk(1, 0, 0, []));
        Assert.Throws<MalformedDataException>(() => new OtaReport(1, OtaStage.Downloading, 0, 5, 4, null, 0, ""));
        Assert.Throws<MalformedDataException>(() => new OtaReport(1, OtaStage.Failed, 0x0699, 0, 0, null, 0, ""));
        Assert.Throws<MalformedDataException>(() => new OtaReport(1, OtaStage.Failed, 0, 0, 0, null, 0, "bell\u0007"));
        Assert.Throws<MalformedDataException>(() => new OtaReport(1, OtaStage.Failed, 0, 0, 0, null, 0, new string('x', OtaReport.MaxTextLength + 1)));
    }

    [Fact]
    public void An_oversized_chunk_on_the_wire_is_refused_before_its_data_is_read()
    {
        var bytes = OtaChunkCodec.Encode(new OtaChunk(5, 0, 0, [1]));
        BitConverter.GetBytes((uint)(OtaChunkCodec.MaxDataLength + 1)).CopyTo(bytes, 13);

        var error = Assert.Throws<MalformedDataException>(() => OtaChunkCodec.Decode(bytes));

        Assert.Equal(MalformedReason.LengthOutOfRange, error.Reason);
        Assert.Equal("ota.chunk.dataLength", error.Field);
    }

    [Fact]
    public void Unknown_bytes_are_not_classified_as_an_ota_message()
    {
        Assert.Equal(OtaMessageType.Unknown, OtaMessages.Classify([]));
        Assert.Equal(OtaMessageType.Unknown, OtaMessages.Classify("ESOX"u8.ToArray()));
        Assert.Equal(OtaMessageType.Unknown, OtaMessages.Classify("ESSM"u8.ToArray()));
    }
}
