using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace EdgeSecurity.Pki.Certificates;

/// <summary>A freshly issued certificate together with its private key (owned and disposed by this object).</summary>
public sealed class IssuedCertificate : IDisposable
{
    internal IssuedCertificate(X509Certificate2 certificate, ECDsa privateKey)
    {
        Certificate = certificate;
        PrivateKey = privateKey;
    }

    public X509Certificate2 Certificate { get; }

    public ECDsa PrivateKey { get; }

    public string SerialNumberHex => Certificate.SerialNumber;

    /// <summary>SHA-256 over the DER certificate, lowercase hex.</summary>
    public string Sha256Thumbprint => Certificate.GetCertHashString(HashAlgorithmName.SHA256).ToLowerInvariant();

    public string CertificatePem => Certificate.ExportCertificatePem() + "\n";

    /// <summary>PKCS#8 PEM ("PRIVATE KEY"), which both OpenSSL (mosquitto) and mbedTLS (nanoFramework) read.</summary>
    public string ExportPrivateKeyPem() => PrivateKey.ExportPkcs8PrivateKeyPem() + "\n";

    public void Dispose()
    {
        Certificate.Dispose();
        PrivateKey.Dispose();
    }
}
