using EdgeSecurity.Host.Hosting;
using EdgeSecurity.Pki;
using EdgeSecurity.Pki.Certificates;

namespace EdgeSecurity.Host.Tests.Identity;

/// <summary>
/// The host's view of service.crt and service.key while they are renewed: a renewed pair is taken, a half-done
/// renewal (new key, old certificate) or a missing file keeps the pair in use.
/// </summary>
public sealed class ServiceCertificateFileTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "es-svc-file-" + Guid.NewGuid().ToString("N")[..12]);

    public ServiceCertificateFileTests() => FleetPki.Initialize(new PkiInitOptions { Directory = _dir });

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    [Trait("Requirement", "SR-ID-008")]
    public void Only_a_whole_matching_pair_replaces_the_certificate_in_use()
    {
        var pki = new PkiLayout(_dir);
        var file = new ServiceCertificateFile(pki);
        string first = file.Current().SerialNumber;

        // Keep the current pair aside, renew, then put the old certificate back beside the new key:
        // the moment between the renewal's two renames.
        byte[] oldCertificate = File.ReadAllBytes(pki.ServiceCertificate);
        var renewed = ServiceCertificateRenewal.Renew(_dir, ServiceRole.Service, 30);
        byte[] newCertificate = File.ReadAllBytes(pki.ServiceCertificate);
        File.WriteAllBytes(pki.ServiceCertificate, oldCertificate);
        Assert.Equal(first, file.Current().SerialNumber);

        File.Move(pki.ServiceCertificate, pki.ServiceCertificate + ".away");
        Assert.Equal(first, file.Current().SerialNumber);

        File.Delete(pki.ServiceCertificate + ".away");
        File.WriteAllBytes(pki.ServiceCertificate, newCertificate);
        Assert.Equal(renewed.SerialNumber, file.Current().SerialNumber);
        Assert.NotEqual(first, renewed.SerialNumber);
    }

    [Fact]
    [Trait("Requirement", "SR-ID-008")]
    public void Without_a_usable_pair_at_start_the_error_names_the_problem()
    {
        var pki = new PkiLayout(_dir);
        File.Delete(pki.ServiceKey);
        Assert.ThrowsAny<IOException>(() => new ServiceCertificateFile(pki).Current());
    }
}
