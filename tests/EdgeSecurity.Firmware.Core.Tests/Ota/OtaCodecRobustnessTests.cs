using EdgeSecurity.Firmware.Core.Ota;
using EdgeSecurity.Firmware.Core.Serialization;
using EdgeSecurity.Firmware.Core.Tests.Events.Support;
using EdgeSecurity.Firmware.Core.Tests.Serialization;

namespace EdgeSecurity.Firmware.Core.Tests.Ota;

/// <summary>
/// Every OTA parser on random mutations of valid messages: it returns a message whose encoding is exactly
/// the input, or throws <see cref="MalformedDataException"/> naming the field, nothing else. For the
/// MAC'd messages the MAC is recomputed over the mutated body so the parser behind it is exercised too.
/// </summary>
[Trait("Requirement", "SR-OTA-001")]
public sealed class OtaCodecRobustnessTests
{
    private const string Device = "dev-0001";
    private readonly TestMac _mac = new();
    private readonly byte[] _key = TestMac.NewKey();

    [Fact]
    public void Mutated_offers_parse_canonically_or_are_rejected_by_field()
    {
        byte[] valid = OtaOfferCodec.Encode(_mac, _key, Device, new OtaOffer(OtaOfferKind.TrustRoot, 12, 99, 1_700_000_000, [1, 2, 3, 4, 5]));
        ParserRobustness.Check(valid, bytes => Canonical(bytes, OtaOfferCodec.Domain, m => OtaOfferCodec.Encode(_mac, _key, Device, OtaOfferCodec.Decode(_mac, _key, Device, m))));
    }

    [Fact]
    public void Mutated_reports_parse_canonically_or_are_rejected_by_field()
    {
        byte[] valid = OtaReportCodec.Encode(_mac, _key, Device, new OtaReport(12, OtaStage.Downloading, 0, 3, 9, new byte[16], 4, "progress"));
        ParserRobustness.Check(valid, bytes => Canonical(bytes, OtaReportCodec.Domain, m => OtaReportCodec.Encode(_mac, _key, Device, OtaReportCodec.Decode(_mac, _key, Device, m))));
    }

    [Fact]
    public void Mutated_chunk_requests_parse_canonically_or_are_rejected_by_field()
    {
        byte[] valid = OtaChunkRequestCodec.Encode(new OtaChunkRequest(12, [new OtaChunkId(0, 0), new OtaChunkId(1, 5), new OtaChunkId(31, 1023)]));
        ParserRobustness.Check(valid, bytes => OtaChunkRequestCodec.Encode(OtaChunkRequestCodec.Decode(bytes)));
    }

    [Fact]
    public void Mutated_chunks_parse_canonically_or_are_rejected_by_field()
    {
        byte[] valid = OtaChunkCodec.Encode(new OtaChunk(12, 2, 17, Enumerable.Range(0, 40).Select(i => (byte)i).ToArray()));
        ParserRobustness.Check(valid, bytes => OtaChunkCodec.Encode(OtaChunkCodec.Decode(bytes)));
    }

    /// <summary>
    /// Re-MACs the mutated input, parses and re-encodes it, and checks the result is exactly the re-MACed
    /// input; returns the original input so the shared property sees a canonical round trip.
    /// </summary>
    private byte[] Canonical(byte[] mutated, string domain, Func<byte[], byte[]> parseAndEncode)
    {
        byte[] authentic = Remac(mutated, domain);
        Assert.Equal(authentic, parseAndEncode(authentic));
        return mutated;
    }

    /// <summary>Replaces the trailing 32 bytes with the right MAC for what precedes them (inputs too short to hold one stay as they are).</summary>
    private byte[] Remac(byte[] message, string domain)
    {
        if (message.Length < OtaMessageAuthenticator.MacBytes)
        {
            return message;
        }

        byte[] body = message[..^OtaMessageAuthenticator.MacBytes];
        return [.. body, .. OtaMessageAuthenticator.Compute(_mac, _key, domain, Device, body, body.Length)];
    }
}
