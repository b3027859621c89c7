using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using EdgeSecurity.Pki.Storage;

namespace EdgeSecurity.Pki.Certificates;

/// <summary>
/// Re-issues the broker's or the host service's certificate from the fleet CA (docs/guide/pki.md, "Renewing
/// certificates"): a new key pair, the same subject and, for the broker, the same subject alternative names as
/// the certificate in place. The new key and certificate are written beside the old ones and then renamed over
/// them (key first), so a reader finds either file whole, old or new; nothing is deleted before the new files
/// are complete. The previous certificate is not revoked: it stays valid until it expires, so a second host
/// instance or a broker that has not taken the new one in keeps working. A running supervisor and host notice
/// the new pair and take it without a restart.
/// </summary>
public static class ServiceCertificateRenewal
{
    public static ServiceRenewalResult Renew(string pkiDirectory, ServiceRole role, int validityDays)
    {
        if (validityDays is < 1 or > 36500)
        {
            throw new PkiException(string.Create(CultureInfo.InvariantCulture, $"Validity must be between 1 and 36500 days (got {validityDays}); nothing was changed."));
        }

        var layout = new PkiLayout(pkiDirectory);
        layout.RequireInitialized();
        var (certificatePath, keyPath) = Paths(layout, role);
        using var pkiLock = PkiLock.Acquire(layout, TimeSpan.FromSeconds(10));
        if (!File.Exists(certificatePath))
        {
            throw new PkiException($"'{certificatePath}' is missing, so there is no {Name(role)} certificate to renew; nothing was changed. Create the PKI with 'edgesec pki init'.");
        }

        using var previous = X509CertificateLoader.LoadCertificateFromFile(certificatePath);
        using var ca = CertificateAuthority.Load(layout);
        // The same CN: the broker's clients check its names, the ACL and the share group name the host's identity.
        string subject = previous.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
        var (names, addresses) = SubjectAlternativeNames(previous);
        using var issued = role == ServiceRole.Broker
            ? ca.IssueServer(subject, names, addresses, validityDays)
            : ca.IssueClient(subject, validityDays);

        // Whole new files first, then the renames: the key before the certificate, so that the certificate on
        // disk never names a key that is not there yet. Readers check that the pair matches (the supervisor
        // and the host wait for a matching pair before they take it).
        string newKey = keyPath + ".new";
        string newCertificate = certificatePath + ".new";
        SecureFiles.WriteSecret(newKey, issued.ExportPrivateKeyPem());
        SecureFiles.WritePublic(newCertificate, issued.CertificatePem);
        File.Move(newKey, keyPath, overwrite: true);
        File.Move(newCertificate, certificatePath, overwrite: true);
        return new ServiceRenewalResult(
            Name(role),
            subject,
            [.. names, .. addresses.Select(a => a.ToString())],
            issued.SerialNumberHex,
            new DateTimeOffset(issued.Certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero),
            previous.SerialNumber,
            new DateTimeOffset(previous.NotAfter.ToUniversalTime(), TimeSpan.Zero),
            certificatePath,
            keyPath);
    }

    public static string Name(ServiceRole role) => role switch
    {
        ServiceRole.Broker => "broker",
        ServiceRole.Service => "service",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "Unknown service role."),
    };

    public static (string Certificate, string Key) Paths(PkiLayout layout, ServiceRole role)
    {
        ArgumentNullException.ThrowIfNull(layout);
        return role == ServiceRole.Broker ? (layout.BrokerCertificate, layout.BrokerKey) : (layout.ServiceCertificate, layout.ServiceKey);
    }

    private static (List<string> Names, List<IPAddress> Addresses) SubjectAlternativeNames(X509Certificate2 certificate)
    {
        var names = new List<string>();
        var addresses = new List<IPAddress>();
        foreach (var extension in certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>())
        {
            names.AddRange(extension.EnumerateDnsNames());
            addresses.AddRange(extension.EnumerateIPAddresses());
        }

        return (names, addresses);
    }
}
