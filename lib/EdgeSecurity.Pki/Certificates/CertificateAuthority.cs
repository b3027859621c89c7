using System.Net;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using EdgeSecurity.Pki.Registry;

namespace EdgeSecurity.Pki.Certificates;

/// <summary>
/// The fleet CA: ECDSA P-256 / SHA-256, issues the broker (server), host service and device (client)
/// certificates and signs the CRL. Leaf certificates never outlive the CA.
/// </summary>
public sealed class CertificateAuthority : IDisposable
{
    // Devices and hosts may run with slightly wrong clocks; a certificate that is "not yet valid" for
    // an hour after enrolment would look like a broken device.
    private static readonly TimeSpan ClockSkewAllowance = TimeSpan.FromHours(1);

    private readonly ECDsa _key;

    private CertificateAuthority(X509Certificate2 certificate, ECDsa key)
    {
        Certificate = certificate;
        _key = key;
    }

    /// <summary>The CA certificate (public part only).</summary>
    public X509Certificate2 Certificate { get; }

    public static CertificateAuthority Create(string commonName, int validityDays)
    {
        RequirePositive(validityDays);
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        try
        {
            var subject = new X500DistinguishedName($"CN={commonName}, O=EdgeSecurity");
            var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: true, pathLengthConstraint: 0, critical: true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
            request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
            var now = DateTimeOffset.UtcNow;
            using var selfSigned = request.CreateSelfSigned(now - ClockSkewAllowance, now.AddDays(validityDays));
            // Keep only the public certificate in this object; the key is held separately.
            var certificate = X509CertificateLoader.LoadCertificate(selfSigned.RawData);
            return new CertificateAuthority(certificate, key);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    public static CertificateAuthority Load(PkiLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        layout.RequireInitialized();
        var certificate = X509CertificateLoader.LoadCertificateFromFile(layout.CaCertificate);
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(File.ReadAllText(layout.CaKey));
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            key.Dispose();
            certificate.Dispose();
            throw new PkiException($"The CA key in '{layout.CaKey}' cannot be read as a PEM EC private key; restore it from your backup.", e);
        }

        using (var publicKey = certificate.GetECDsaPublicKey())
        {
            if (publicKey is null || !publicKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(key.ExportSubjectPublicKeyInfo()))
            {
                key.Dispose();
                certificate.Dispose();
                throw new PkiException($"'{layout.CaKey}' does not belong to '{layout.CaCertificate}'; restore the matching pair from your backup.");
            }
        }

        return new CertificateAuthority(certificate, key);
    }

    public string CertificatePem => Certificate.ExportCertificatePem() + "\n";

    public string ExportPrivateKeyPem() => _key.ExportPkcs8PrivateKeyPem() + "\n";

    /// <summary>A TLS server certificate (serverAuth) for the broker with the given DNS names and IP addresses as SANs.</summary>
    public IssuedCertificate IssueServer(string commonName, IEnumerable<string> dnsNames, IEnumerable<IPAddress> ipAddresses, int validityDays)
    {
        ArgumentNullException.ThrowIfNull(dnsNames);
        ArgumentNullException.ThrowIfNull(ipAddresses);
        var san = new SubjectAlternativeNameBuilder();
        int count = 0;
        foreach (string name in dnsNames)
        {
            san.AddDnsName(name);
            count++;
        }

        foreach (IPAddress ip in ipAddresses)
        {
            san.AddIpAddress(ip);
            count++;
        }

        if (count == 0)
        {
            throw new PkiException("The broker certificate needs at least one DNS name or IP address.");
        }

        return Issue(commonName, Oids.ServerAuthentication, validityDays, san.Build(critical: false));
    }

    /// <summary>A TLS client certificate (clientAuth) whose CN is the MQTT identity (device id or service identity).</summary>
    public IssuedCertificate IssueClient(string commonName, int validityDays) => Issue(commonName, Oids.ClientAuthentication, validityDays, extraExtension: null);

    /// <summary>A CRL listing <paramref name="revoked"/>, valid until the CA expires (see docs/decisions.md: an expired CRL would lock out the whole fleet).</summary>
    public byte[] BuildCrl(IEnumerable<RevokedCertificate> revoked, long crlNumber)
    {
        ArgumentNullException.ThrowIfNull(revoked);
        var builder = new CertificateRevocationListBuilder();
        foreach (var entry in revoked)
        {
            builder.AddEntry(Convert.FromHexString(entry.SerialNumber), entry.RevokedAt, entry.Reason);
        }

        var now = DateTimeOffset.UtcNow;
        var nextUpdate = new DateTimeOffset(Certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero);
        if (nextUpdate <= now)
        {
            throw new PkiException("The fleet CA has expired; a new fleet PKI is needed (re-run 'edgesec pki init' in a new directory and re-enrol the devices).");
        }

        var aki = X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, includeKeyIdentifier: true, includeIssuerAndSerial: false);
        return builder.Build(Certificate.SubjectName, X509SignatureGenerator.CreateForECDsa(_key), new BigInteger(crlNumber), nextUpdate, HashAlgorithmName.SHA256, aki, now);
    }

    public void Dispose()
    {
        Certificate.Dispose();
        _key.Dispose();
    }

    private IssuedCertificate Issue(string commonName, string extendedKeyUsageOid, int validityDays, X509Extension? extraExtension)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(commonName);
        RequirePositive(validityDays);
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        try
        {
            var subjectBuilder = new X500DistinguishedNameBuilder();
            subjectBuilder.AddCommonName(commonName);
            var subject = subjectBuilder.Build();
            var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid(extendedKeyUsageOid) }, critical: false));
            request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
            request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, includeKeyIdentifier: true, includeIssuerAndSerial: false));
            if (extraExtension is not null)
            {
                request.CertificateExtensions.Add(extraExtension);
            }

            var now = DateTimeOffset.UtcNow;
            var caNotAfter = new DateTimeOffset(Certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero);
            var notAfter = Min(now.AddDays(validityDays), caNotAfter);
            var notBefore = Max(now - ClockSkewAllowance, new DateTimeOffset(Certificate.NotBefore.ToUniversalTime(), TimeSpan.Zero));
            using var generated = request.Create(Certificate.SubjectName, X509SignatureGenerator.CreateForECDsa(_key), notBefore, notAfter, NewSerialNumber());
            var certificate = X509CertificateLoader.LoadCertificate(generated.RawData);
            return new IssuedCertificate(certificate, key);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    // 128 random bits, positive and without a leading zero byte (RFC 5280 4.1.2.2: at most 20 octets, positive).
    private static byte[] NewSerialNumber()
    {
        byte[] serial = RandomNumberGenerator.GetBytes(16);
        serial[0] = (byte)((serial[0] & 0x7F) | 0x40);
        return serial;
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static void RequirePositive(int validityDays)
    {
        if (validityDays < 1 || validityDays > 36500)
        {
            throw new PkiException($"Validity must be between 1 and 36500 days (got {validityDays}).");
        }
    }

    private static class Oids
    {
        public const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";
        public const string ClientAuthentication = "1.3.6.1.5.5.7.3.2";
    }
}
