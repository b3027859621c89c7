using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace EdgeSecurity.Pki.Tests;

public sealed class PkiInitTests
{
    [Fact]
    [Trait("Requirement", "SR-PKI-001")]
    public void Ca_is_a_P256_signing_only_authority_valid_for_the_requested_days()
    {
        using var pki = new TempPki(initialize: false);
        FleetPki.Initialize(new PkiInitOptions { Directory = pki.Dir, ValidityDays = 400 });
        using var ca = CertificateAssert.Load(pki.Layout.CaCertificate);

        Assert.True(CertificateAssert.IsCa(ca));
        Assert.Equal(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, CertificateAssert.KeyUsage(ca));
        using var key = ca.GetECDsaPublicKey();
        Assert.Equal(256, key!.KeySize);
        Assert.InRange((ca.NotAfter.ToUniversalTime() - DateTime.UtcNow).TotalDays, 399, 400.1);
    }

    [Fact]
    [Trait("Requirement", "SR-PKI-001")]
    public void Broker_certificate_is_a_server_certificate_with_default_loopback_names()
    {
        using var pki = new TempPki();
        using var ca = CertificateAssert.Load(pki.Layout.CaCertificate);
        using var broker = CertificateAssert.Load(pki.Layout.BrokerCertificate);

        Assert.Equal([CertificateAssert.ServerAuth], CertificateAssert.ExtendedKeyUsages(broker));
        Assert.False(CertificateAssert.IsCa(broker));
        var san = broker.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Equal(["localhost"], san.EnumerateDnsNames());
        Assert.Equal([IPAddress.Loopback, IPAddress.IPv6Loopback], san.EnumerateIPAddresses());
        CertificateAssert.ChainsTo(broker, ca);
    }

    [Fact]
    [Trait("Requirement", "SR-PKI-001")]
    public void Broker_names_and_addresses_given_replace_the_defaults()
    {
        using var pki = new TempPki(initialize: false);
        FleetPki.Initialize(new PkiInitOptions
        {
            Directory = pki.Dir,
            BrokerNames = ["mqtt.fleet.example", "broker"],
            BrokerAddresses = [IPAddress.Parse("10.1.2.3")],
        });
        using var broker = CertificateAssert.Load(pki.Layout.BrokerCertificate);
        var san = broker.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();

        Assert.Equal(["mqtt.fleet.example", "broker"], san.EnumerateDnsNames());
        Assert.Equal([IPAddress.Parse("10.1.2.3")], san.EnumerateIPAddresses());
    }

    [Fact]
    [Trait("Requirement", "SR-PKI-001")]
    public void Service_certificate_is_a_client_certificate_named_after_the_service_identity()
    {
        using var pki = new TempPki(initialize: false);
        FleetPki.Initialize(new PkiInitOptions { Directory = pki.Dir, ServiceIdentity = "ingest-svc" });
        using var ca = CertificateAssert.Load(pki.Layout.CaCertificate);
        using var service = CertificateAssert.Load(pki.Layout.ServiceCertificate);

        Assert.Equal("ingest-svc", service.GetNameInfo(X509NameType.SimpleName, forIssuer: false));
        Assert.Equal([CertificateAssert.ClientAuth], CertificateAssert.ExtendedKeyUsages(service));
        CertificateAssert.ChainsTo(service, ca);
        Assert.Equal("ingest-svc", Registry.FleetRegistryFile.Load(pki.Dir).ServiceIdentity);
    }

    [Fact]
    [Trait("Requirement", "SR-PKI-002")]
    public void Private_keys_are_owner_only_and_the_directory_is_private()
    {
        using var pki = new TempPki();
        var layout = pki.Layout;

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, CertificateAssert.Mode(layout.Root));
        foreach (string key in new[] { layout.CaKey, layout.BrokerKey, layout.ServiceKey })
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, CertificateAssert.Mode(key));
        }
    }

    [Fact]
    [Trait("Requirement", "SR-PKI-003")]
    public void An_existing_pki_is_not_overwritten_without_force()
    {
        using var pki = new TempPki();
        byte[] caBefore = File.ReadAllBytes(pki.Layout.CaKey);

        var error = Assert.Throws<PkiException>(() => FleetPki.Initialize(new PkiInitOptions { Directory = pki.Dir }));

        Assert.Contains("--force", error.Message, StringComparison.Ordinal);
        Assert.Equal(caBefore, File.ReadAllBytes(pki.Layout.CaKey));
    }

    [Fact]
    [Trait("Requirement", "SR-PKI-003")]
    public void Force_replaces_the_ca_and_forgets_the_enrolled_devices()
    {
        using var pki = new TempPki();
        pki.Enroll("dev-1");
        byte[] caBefore = File.ReadAllBytes(pki.Layout.CaCertificate);

        FleetPki.Initialize(new PkiInitOptions { Directory = pki.Dir, Force = true });

        Assert.NotEqual(caBefore, File.ReadAllBytes(pki.Layout.CaCertificate));
        Assert.Empty(Registry.FleetRegistryFile.Load(pki.Dir).Devices);
        Assert.False(File.Exists(pki.Layout.EventKey("dev-1")));
    }

    [Theory]
    [InlineData("bad name")]
    [InlineData("-leading-dash.example")]
    [InlineData("a..b")]
    public void Invalid_broker_names_are_refused_before_anything_is_written(string name)
    {
        using var pki = new TempPki(initialize: false);

        Assert.Throws<PkiException>(() => FleetPki.Initialize(new PkiInitOptions { Directory = pki.Dir, BrokerNames = [name] }));

        Assert.False(Directory.Exists(pki.Dir));
    }

    [Theory]
    [Trait("Requirement", "SR-PKI-001")]
    [InlineData("broker.example", true)]
    [InlineData("*.fleet.example", true)]
    [InlineData("broker.example\n", false)]
    [InlineData("-broker", false)]
    [InlineData("bro ker", false)]
    public void Broker_dns_names_are_checked_to_the_end(string name, bool valid) => Assert.Equal(valid, FleetPki.IsValidDnsName(name));
}
