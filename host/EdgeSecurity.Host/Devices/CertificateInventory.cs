using System.Security.Cryptography.X509Certificates;
using EdgeSecurity.Host.Alerts;
using EdgeSecurity.Pki;
using EdgeSecurity.Pki.Registry;

namespace EdgeSecurity.Host.Devices;

/// <summary>
/// The certificates whose expiry the host watches, from the fleet PKI it already reads: each active device's
/// current certificate as the fleet registry records it (the PKI's index of issued certificates, also the
/// source of revocations), and the broker's and the host service's certificates from their files.
/// </summary>
public sealed class CertificateInventory(PkiLayout pki)
{
    public IReadOnlyList<TrackedCertificate> Read()
    {
        var registry = FleetRegistryFile.Load(pki);
        var certificates = registry.Devices
            .Where(d => d.Status == DeviceStatus.Active)
            .Select(d => new TrackedCertificate(d.Id, "device", d.SerialNumber, d.NotAfter))
            .ToList();
        AddService(certificates, "broker", "broker", pki.BrokerCertificate);
        AddService(certificates, string.IsNullOrEmpty(registry.ServiceIdentity) ? "host-service" : registry.ServiceIdentity, "host service", pki.ServiceCertificate);
        return certificates;
    }

    private static void AddService(List<TrackedCertificate> certificates, string subject, string role, string path)
    {
        // A deployment may keep a service's certificate elsewhere (an external broker); then it is not watched here.
        if (!File.Exists(path))
        {
            return;
        }

        using var certificate = X509CertificateLoader.LoadCertificateFromFile(path);
        certificates.Add(new TrackedCertificate(subject, role, certificate.SerialNumber, new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero)));
    }
}
