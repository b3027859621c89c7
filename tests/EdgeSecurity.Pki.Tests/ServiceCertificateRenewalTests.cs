using System.Security.Cryptography.X509Certificates;
using EdgeSecurity.Pki.Certificates;

namespace EdgeSecurity.Pki.Tests;

/// <summary>Renewal of the broker's and the host service's certificates on a real PKI directory, checked with X509Chain against the fleet CA.</summary>
public sealed class ServiceCertificateRenewalTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "es-svc-renew-" + Guid.NewGuid().ToString("N")[..12]);

    public ServiceCertificateRenewalTests() =>
        FleetPki.Initialize(new PkiInitOptions { Directory = _dir, BrokerNames = ["mqtt.example.net"], BrokerAddresses = [System.Net.IPAddress.Parse("198.51.100.4")] });

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData(ServiceRole.Broker, "1.3.6.1.5.5.7.3.1")]
    [InlineData(ServiceRole.Service, "1.3.6.1.5.5.7.3.2")]
    [Trait("Requirement", "SR-ID-007")]
    public void The_renewed_certificate_has_a_new_key_the_same_names_and_chains_to_the_fleet_ca(ServiceRole role, string usage)
    {
        var layout = new PkiLayout(_dir);
        var (certificatePath, keyPath) = ServiceCertificateRenewal.Paths(layout, role);
        using var before = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);

        var result = ServiceCertificateRenewal.Renew(_dir, role, 90);

        using var after = X509Certificate2.CreateFromPemFile(certificatePath, keyPath); // throws if the pair does not match
        using var ca = X509CertificateLoader.LoadCertificateFromFile(layout.CaCertificate);
        Assert.Equal(result.SerialNumber, after.SerialNumber);
        Assert.Equal(before.SerialNumber, result.PreviousSerialNumber);
        Assert.NotEqual(before.PublicKey.EncodedKeyValue.RawData, after.PublicKey.EncodedKeyValue.RawData);
        Assert.Equal(before.Subject, after.Subject);
        Assert.Equal(Names(before), Names(after));
        Assert.Contains(after.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>(), o => o.Value == usage);
        Assert.InRange((after.NotAfter.ToUniversalTime() - DateTime.UtcNow).TotalDays, 89, 90);

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        Assert.True(chain.Build(after), string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation)));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyPath));
        }

        Assert.Empty(Directory.GetFiles(_dir, "*.new"));
    }

    [Fact]
    [Trait("Requirement", "SR-ID-007")]
    public void A_refused_renewal_changes_nothing()
    {
        var layout = new PkiLayout(_dir);
        byte[] certificate = File.ReadAllBytes(layout.BrokerCertificate);
        byte[] key = File.ReadAllBytes(layout.BrokerKey);

        Assert.Throws<PkiException>(() => ServiceCertificateRenewal.Renew(_dir, ServiceRole.Broker, 0));
        Assert.Throws<PkiException>(() => ServiceCertificateRenewal.Renew(_dir, ServiceRole.Broker, 36501));
        File.Move(layout.CaKey, layout.CaKey + ".away");
        Assert.Throws<PkiException>(() => ServiceCertificateRenewal.Renew(_dir, ServiceRole.Broker, 30));
        File.Move(layout.CaKey + ".away", layout.CaKey);

        Assert.Equal(certificate, File.ReadAllBytes(layout.BrokerCertificate));
        Assert.Equal(key, File.ReadAllBytes(layout.BrokerKey));
    }

    private static string[] Names(X509Certificate2 certificate) =>
        [.. certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().SelectMany(e => e.EnumerateDnsNames().Concat(e.EnumerateIPAddresses().Select(a => a.ToString())))];
}
