using EdgeSecurity.Firmware.Core.Ota;
using EdgeSecurity.Firmware.Core.Tests.Events.Support;

namespace EdgeSecurity.Firmware.Core.Tests.Ota;

/// <summary>
/// The offer and report MACs as an attacker on the network would try them: flip any bit, use another
/// device's key or id, or move an offer to the report domain. Each is refused as unauthentic.
/// </summary>
[Trait("Requirement", "SR-OTA-002")]
public sealed class OtaMessageAuthenticationTests
{
    private const string Device = "dev-0001";
    private readonly TestMac _mac = new();
    private readonly byte[] _key = TestMac.NewKey();

    private byte[] Offer() => OtaOfferCodec.Encode(_mac, _key, Device, new OtaOffer(OtaOfferKind.Bundle, 4, 1000, 1_700_000_000, [9, 8, 7, 6]));

    private byte[] Report() => OtaReportCodec.Encode(_mac, _key, Device, new OtaReport(4, OtaStage.Confirmed, 0, 5, 5, new byte[16], 3, "ok"));

    [Fact]
    public void Flipping_any_bit_of_an_offer_is_detected()
    {
        byte[] valid = Offer();
        for (int bit = 0; bit < valid.Length * 8; bit++)
        {
            byte[] tampered = (byte[])valid.Clone();
            tampered[bit / 8] ^= (byte)(1 << (bit % 8));

            Assert.Throws<OtaAuthenticationException>(() => OtaOfferCodec.Decode(_mac, _key, Device, tampered));
        }
    }

    [Fact]
    public void Flipping_any_bit_of_a_report_is_detected()
    {
        byte[] valid = Report();
        for (int bit = 0; bit < valid.Length * 8; bit++)
        {
            byte[] tampered = (byte[])valid.Clone();
            tampered[bit / 8] ^= (byte)(1 << (bit % 8));

            Assert.Throws<OtaAuthenticationException>(() => OtaReportCodec.Decode(_mac, _key, Device, tampered));
        }
    }

    [Fact]
    public void An_offer_for_another_device_or_under_another_key_is_refused()
    {
        Assert.Throws<OtaAuthenticationException>(() => OtaOfferCodec.Decode(_mac, _key, "dev-0002", Offer()));
        Assert.Throws<OtaAuthenticationException>(() => OtaOfferCodec.Decode(_mac, TestMac.NewKey(), Device, Offer()));
    }

    [Fact]
    public void A_report_mac_cannot_pass_as_an_offer_mac()
    {
        // Same body bytes, report domain: the domain separation must make the tag differ.
        byte[] offer = Offer();
        byte[] body = offer[..^32];
        byte[] crossDomain = [.. body, .. OtaMessageAuthenticator.Compute(_mac, _key, OtaReportCodec.Domain, Device, body, body.Length)];

        Assert.Throws<OtaAuthenticationException>(() => OtaOfferCodec.Decode(_mac, _key, Device, crossDomain));
    }

    [Fact]
    public void A_truncated_offer_is_malformed_not_a_crash()
    {
        var error = Assert.Throws<EdgeSecurity.Firmware.Core.Serialization.MalformedDataException>(() => OtaOfferCodec.Decode(_mac, _key, Device, Offer()[..40]));

        Assert.IsNotType<OtaAuthenticationException>(error);
        Assert.Equal(EdgeSecurity.Firmware.Core.Serialization.MalformedReason.Truncated, error.Reason);
    }
}
