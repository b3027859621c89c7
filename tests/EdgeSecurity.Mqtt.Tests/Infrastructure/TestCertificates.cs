using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace EdgeSecurity.Mqtt.Tests.Infrastructure;

/// <summary>
/// A throwaway PKI generated at test time (ECDSA P-256): a CA, a broker certificate for localhost/127.0.0.1 and
/// client certificates whose CN mosquitto uses as the user name. Private keys exist only in memory and in the
/// test's temporary directory. The client's tests need what the fleet PKI deliberately refuses (foreign
/// CAs, wrong host names, any client name, a broker without ACLs), so they make their own.
/// </summary>
internal sealed class TestCertificates : IDisposable
{
    private readonly ECDsa _caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly List<IDisposable> _owned = [];

    public TestCertificates(string caName = "EdgeSecurity Test CA")
    {
        var request = new CertificateRequest($"CN={caName}", _caKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        Ca = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-10), DateTimeOffset.UtcNow.AddDays(2));
        _owned.Add(Ca);
    }

    public X509Certificate2 Ca { get; }

    /// <summary>A CA certificate without its private key, as a client would be given it.</summary>
    public X509Certificate2 CaPublic => X509CertificateLoader.LoadCertificate(Ca.RawData);

    /// <summary>Issues a broker certificate valid for "localhost" and 127.0.0.1.</summary>
    public X509Certificate2 IssueServer() => Issue("CN=localhost", "1.3.6.1.5.5.7.3.1", san =>
    {
        san.AddDnsName("localhost");
        san.AddIpAddress(IPAddress.Loopback);
    });

    /// <summary>Issues a client certificate with <paramref name="commonName"/> as its CN.</summary>
    public X509Certificate2 IssueClient(string commonName) => Issue($"CN={commonName}", "1.3.6.1.5.5.7.3.2", _ => { });

    public void Dispose()
    {
        foreach (var item in _owned)
        {
            item.Dispose();
        }

        _caKey.Dispose();
    }

    /// <summary>Writes a certificate and its PKCS#8 key as PEM files (for mosquitto and Paho).</summary>
    public static (string CertificatePath, string KeyPath) WritePem(X509Certificate2 certificate, string directory, string name)
    {
        var certificatePath = Path.Combine(directory, name + ".crt");
        var keyPath = Path.Combine(directory, name + ".key");
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        using var key = certificate.GetECDsaPrivateKey() ?? throw new InvalidOperationException("certificate has no ECDSA private key");
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(keyPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        return (certificatePath, keyPath);
    }

    private X509Certificate2 Issue(string subject, string usageOid, Action<SubjectAlternativeNameBuilder> names)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usageOid)], false));
        var san = new SubjectAlternativeNameBuilder();
        names(san);
        var built = san.Build();
        if (built.RawData.Length > 4)
        {
            request.CertificateExtensions.Add(built);
        }

        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var issued = request.Create(Ca, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1), serial);
        var certificate = issued.CopyWithPrivateKey(key);
        _owned.Add(certificate);
        return certificate;
    }
}
