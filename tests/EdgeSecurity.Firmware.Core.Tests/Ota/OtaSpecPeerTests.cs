using System.Diagnostics;
using EdgeSecurity.Firmware.Core.Ota;
using EdgeSecurity.Firmware.Core.Tests.Events.Support;

namespace EdgeSecurity.Firmware.Core.Tests.Ota;

/// <summary>
/// An independent peer writes OTA messages from docs/formats/ota.md alone (Python's struct and hmac, not our
/// code): the device's codecs accept the genuine ones, refuse one MAC'd under another key, and the peer
/// verifies the device's reports. What a host written in another language, or an attacker, would send.
/// </summary>
[Trait("Requirement", "SR-OTA-002")]
public sealed class OtaSpecPeerTests
{
    private const string Device = "dev-peer-1";

    private const string Script = """
        import hmac, hashlib, struct, sys
        key = bytes.fromhex(sys.argv[2]); dev = sys.argv[3].encode()
        def mac(domain, body): return hmac.new(key, domain + bytes([len(dev)]) + dev + body, hashlib.sha256).digest()
        if sys.argv[1] == 'offer':
            payload = bytes.fromhex(sys.argv[4])
            body = b'ESOF' + struct.pack('<HBIqqI', 1, 2, 77, 1234567890123, 1800000000, len(payload)) + payload
            print((body + mac(b'ES-OTA-OFFER-V1', body)).hex())
        else:
            msg = bytes.fromhex(sys.argv[4]); body, tag = msg[:-32], msg[-32:]
            assert body[:4] == b'ESOR' and hmac.compare_digest(tag, mac(b'ES-OTA-REPORT-V1', body)), 'bad report'
            campaign, stage, reason, present, total = struct.unpack('<IBHII', body[6:21])
            print(campaign, stage, hex(reason), present, total, body[42:42 + body[41]].decode())
        """;

    [Fact]
    public void An_offer_built_from_the_format_page_by_another_implementation_is_accepted_with_its_fields()
    {
        byte[] key = TestMac.NewKey();
        byte[] payload = [0xE5, 0x53, 0x53, 0x52, 1, 2, 3];

        byte[] offer = Convert.FromHexString(Peer("offer", key, payload));
        var decoded = OtaOfferCodec.Decode(new TestMac(), key, Device, offer);

        Assert.Equal(OtaOfferKind.TrustRoot, decoded.Kind);
        Assert.Equal(77, decoded.CampaignId);
        Assert.Equal(1234567890123, decoded.Sequence);
        Assert.Equal(1_800_000_000, decoded.HostUnixSeconds);
        Assert.Equal(payload, decoded.GetPayload());
        Assert.Throws<OtaAuthenticationException>(() => OtaOfferCodec.Decode(new TestMac(), TestMac.NewKey(), Device, offer));
    }

    [Fact]
    public void A_report_of_the_device_verifies_and_reads_the_same_in_another_implementation()
    {
        byte[] key = TestMac.NewKey();
        byte[] report = OtaReportCodec.Encode(new TestMac(), key, Device, new OtaReport(9, OtaStage.RolledBack, OtaReason.FromOta(OtaFailure.HealthCheckFailed), 12, 12, new byte[16], 3, "rollback"));

        Assert.Equal("9 9 0x507 12 12 rollback", Peer("report", key, report));
    }

    private static string Peer(string mode, byte[] key, byte[] data)
    {
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in new[] { "-c", Script, mode, Convert.ToHexString(key), Device, Convert.ToHexString(data) })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd().Trim();
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, error);
        return output;
    }
}
