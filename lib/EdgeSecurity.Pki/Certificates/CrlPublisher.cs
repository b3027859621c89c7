using System.Security.Cryptography;
using EdgeSecurity.Pki.Registry;
using EdgeSecurity.Pki.Storage;

namespace EdgeSecurity.Pki.Certificates;

/// <summary>Issues the next CRL from the registry's revoked certificates and writes crl.pem (the broker's crlfile).</summary>
public static class CrlPublisher
{
    public static void Publish(PkiLayout layout, FleetRegistry registry, CertificateAuthority ca)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(ca);
        long number = registry.CrlNumber + 1;
        byte[] der = ca.BuildCrl(registry.RevokedCertificates, number);
        SecureFiles.WritePublic(layout.Crl, PemEncoding.WriteString("X509 CRL", der) + "\n");
        registry.CrlNumber = number;
        FleetRegistryFile.Save(layout, registry);
    }
}
