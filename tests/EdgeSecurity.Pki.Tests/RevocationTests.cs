using System.Security.Cryptography.X509Certificates;
using EdgeSecurity.Pki.Registry;

namespace EdgeSecurity.Pki.Tests;

public sealed class RevocationTests
{
    [Fact]
    [Trait("Requirement", "SR-PKI-008")]
    public void A_new_pki_has_an_empty_crl_signed_by_the_ca()
    {
        using var pki = new TempPki();

        Assert.Empty(CrlReader.RevokedSerials(pki.Layout));
        Assert.True(CrlReader.SignatureVerifies(pki.Layout, pki.Layout.CaCertificate));
    }

    [Fact]
    [Trait("Requirement", "SR-PKI-008")]
    public void Revoking_lists_the_certificate_on_a_new_signed_crl_and_marks_the_device()
    {
        using var pki = new TempPki();
        var victim = pki.Enroll("sensor-7");
        pki.Enroll("sensor-8");
        var numberBefore = CrlReader.Number(pki.Layout);

        var result = DeviceRevocation.Revoke(pki.Dir, "sensor-7", X509RevocationReason.KeyCompromise);

        Assert.False(result.AlreadyRevoked);
        Assert.Equal([victim.SerialNumber], CrlReader.RevokedSerials(pki.Layout));
        Assert.Contains("Key Compromise", CrlReader.Text(pki.Layout), StringComparison.Ordinal);
        Assert.True(CrlReader.Number(pki.Layout) > numberBefore);
        Assert.True(CrlReader.SignatureVerifies(pki.Layout, pki.Layout.CaCertificate));
        var registry = FleetRegistryFile.Load(pki.Dir);
        Assert.Equal(DeviceStatus.Revoked, registry.Find("sensor-7")!.Status);
        Assert.Equal("key-compromise", registry.Find("sensor-7")!.RevocationReason);
        Assert.True(registry.IsActive("sensor-8"));
    }

    [Fact]
    [Trait("Requirement", "SR-PKI-008")]
    public void Revoking_twice_keeps_one_entry_and_says_so()
    {
        using var pki = new TempPki();
        pki.Enroll("sensor-7");
        DeviceRevocation.Revoke(pki.Dir, "sensor-7", X509RevocationReason.Unspecified);

        var again = DeviceRevocation.Revoke(pki.Dir, "sensor-7", X509RevocationReason.Unspecified);

        Assert.True(again.AlreadyRevoked);
        Assert.Single(CrlReader.RevokedSerials(pki.Layout));
    }

    [Fact]
    public void Revoking_an_unknown_device_fails_and_leaves_the_crl_alone()
    {
        using var pki = new TempPki();
        byte[] crlBefore = File.ReadAllBytes(pki.Layout.Crl);

        var error = Assert.Throws<PkiException>(() => DeviceRevocation.Revoke(pki.Dir, "ghost", X509RevocationReason.Unspecified));

        Assert.Contains("not enrolled", error.Message, StringComparison.Ordinal);
        Assert.Equal(crlBefore, File.ReadAllBytes(pki.Layout.Crl));
    }

    [Fact]
    public void Unknown_reason_names_are_refused_with_the_list_of_valid_ones()
    {
        var error = Assert.Throws<PkiException>(() => DeviceRevocation.ParseReason("because"));

        Assert.Contains("key-compromise", error.Message, StringComparison.Ordinal);
    }
}
