using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using EdgeSecurity.Pki.Certificates;
using EdgeSecurity.Pki.Registry;
using EdgeSecurity.Pki.Storage;

namespace EdgeSecurity.Pki;

/// <summary>Creates a fleet PKI: CA, broker server certificate, host service client certificate, empty registry and CRL.</summary>
public static class FleetPki
{
    public const string DefaultServiceIdentity = "host-service";

    public const string BrokerCommonName = "edgesec-broker";

    /// <summary>True for a host name the broker certificate may carry (<see cref="DnsName"/>).</summary>
    public static bool IsValidDnsName(string name) => DnsName.IsValid(name);

    public static PkiInitResult Initialize(PkiInitOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var layout = new PkiLayout(options.Directory);
        Validate(options, layout);
        var (names, addresses) = BrokerSubjectNames(options);

        SecureFiles.CreateOwnerOnlyDirectory(layout.Root);
        using var pkiLock = PkiLock.Acquire(layout, TimeSpan.FromSeconds(10));
        if (options.Force)
        {
            DeleteDirectory(layout.IssuedDirectory);
            DeleteDirectory(layout.EventKeysDirectory);
        }

        // A random suffix tells fleets apart in logs and error messages (two test fleets, staging vs production).
        string caName = "EdgeSecurity Fleet CA " + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        using var ca = CertificateAuthority.Create(caName, options.ValidityDays);
        using var broker = ca.IssueServer(BrokerCommonName, names, addresses, options.ValidityDays);
        using var service = ca.IssueClient(options.ServiceIdentity, options.ValidityDays);

        SecureFiles.WriteSecret(layout.CaKey, ca.ExportPrivateKeyPem());
        SecureFiles.WritePublic(layout.CaCertificate, ca.CertificatePem);
        SecureFiles.WriteSecret(layout.BrokerKey, broker.ExportPrivateKeyPem());
        SecureFiles.WritePublic(layout.BrokerCertificate, broker.CertificatePem);
        SecureFiles.WriteSecret(layout.ServiceKey, service.ExportPrivateKeyPem());
        SecureFiles.WritePublic(layout.ServiceCertificate, service.CertificatePem);

        var registry = new FleetRegistry { ServiceIdentity = options.ServiceIdentity };
        CrlPublisher.Publish(layout, registry, ca);

        var sans = names.Concat(addresses.Select(a => a.ToString())).ToList();
        return new PkiInitResult(
            layout.Root,
            ca.Certificate.Subject,
            ca.Certificate.GetCertHashString(HashAlgorithmName.SHA256).ToLowerInvariant(),
            new DateTimeOffset(ca.Certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero),
            options.ServiceIdentity,
            sans);
    }

    private static void Validate(PkiInitOptions options, PkiLayout layout)
    {
        if (layout.Exists && !options.Force)
        {
            throw new PkiException($"'{layout.Root}' already holds a fleet PKI; refusing to overwrite it. Use another --dir, or --force to replace it (every enrolled device would need re-enrolment).");
        }

        if (!DeviceId.IsValid(options.ServiceIdentity))
        {
            throw new PkiException($"Invalid service identity '{options.ServiceIdentity}': use {DeviceId.PatternDescription}.");
        }

        foreach (string name in options.BrokerNames)
        {
            if (!IsValidDnsName(name))
            {
                throw new PkiException($"Invalid broker name '{name}': use a DNS host name such as broker.example.com (use --broker-ip for addresses).");
            }
        }

        if (options.ValidityDays < 1 || options.ValidityDays > 36500)
        {
            throw new PkiException(string.Create(CultureInfo.InvariantCulture, $"Validity must be between 1 and 36500 days (got {options.ValidityDays})."));
        }
    }

    private static (IReadOnlyList<string> Names, IReadOnlyList<IPAddress> Addresses) BrokerSubjectNames(PkiInitOptions options)
    {
        if (options.BrokerNames.Count == 0 && options.BrokerAddresses.Count == 0)
        {
            return (["localhost"], [IPAddress.Loopback, IPAddress.IPv6Loopback]);
        }

        return (options.BrokerNames.Distinct(StringComparer.OrdinalIgnoreCase).ToList(), options.BrokerAddresses.Distinct().ToList());
    }

    private static void DeleteDirectory(string path)
    {
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }
    }
}
