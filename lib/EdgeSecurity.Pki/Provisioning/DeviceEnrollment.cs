using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using EdgeSecurity.Pki.Certificates;
using EdgeSecurity.Pki.Registry;
using EdgeSecurity.Pki.Storage;

namespace EdgeSecurity.Pki.Provisioning;

/// <summary>
/// Enrols devices: a client certificate (CN = device id) and a random event MAC key per device, a
/// registry entry, and a provisioning package. Every input is checked before anything is written, so a
/// refused batch changes nothing; the registry is saved every few devices and when a batch ends or
/// fails, so it lists every package written (only a hard kill can lose the last few entries).
/// </summary>
public static class DeviceEnrollment
{
    /// <summary>Largest trust root file accepted; a trust root is a few hundred bytes.</summary>
    public const int MaxTrustRootBytes = 64 * 1024;

    /// <summary>The registry is saved after this many devices of a batch (and at its end, also on failure).</summary>
    private const int RegistrySaveInterval = 50;

    /// <summary>Longest hardware class accepted (it names a folder of the package and a field of the device's settings).</summary>
    public const int MaxHardwareClassLength = 64;

    /// <summary>1 to 64 characters a-z, 0-9, '.', '_', '-', starting with a letter or digit (checked by hand: no regular expression to time out).</summary>
    public static bool IsValidHardwareClass(string? hardwareClass) => AsciiNames.IsLowerToken(hardwareClass, MaxHardwareClassLength, "._-");

    public static IReadOnlyList<EnrolledDevice> Enroll(EnrollmentOptions options, IProgress<EnrolledDevice>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var layout = new PkiLayout(options.PkiDirectory);
        layout.RequireInitialized();
        byte[] trustRoot = ReadTrustRoot(options.TrustRootPath);
        ValidateSettings(options);
        var firstBundle = ReadFirstBundle(options, trustRoot);

        using var pkiLock = PkiLock.Acquire(layout, TimeSpan.FromSeconds(10));
        var registry = FleetRegistryFile.Load(layout);
        string outputRoot = Path.GetFullPath(options.OutputDirectory ?? layout.DefaultPackagesDirectory);
        ValidateIds(options, registry, outputRoot);

        using var ca = CertificateAuthority.Load(layout);
        SecureFiles.CreateOwnerOnlyDirectory(outputRoot);
        SecureFiles.CreateOwnerOnlyDirectory(layout.IssuedDirectory);
        var enrolled = new List<EnrolledDevice>(options.DeviceIds.Count);
        int unsaved = 0;
        try
        {
            foreach (string id in options.DeviceIds)
            {
                var device = EnrollOne(options, layout, registry, ca, id, trustRoot, firstBundle, Path.Combine(outputRoot, id));
                enrolled.Add(device);
                // Saving the whole registry after every device would make large batches quadratic.
                if (++unsaved == RegistrySaveInterval)
                {
                    FleetRegistryFile.Save(layout, registry);
                    unsaved = 0;
                }

                progress?.Report(device);
            }
        }
        finally
        {
            // Also after a failure: the registry must list every package already written.
            if (unsaved > 0)
            {
                FleetRegistryFile.Save(layout, registry);
            }
        }

        return enrolled;
    }

    private static EnrolledDevice EnrollOne(EnrollmentOptions options, PkiLayout layout, FleetRegistry registry, CertificateAuthority ca, string id, byte[] trustRoot, ProvisioningPackage.FirstBundle? firstBundle, string packageDirectory)
    {
        using var issued = ca.IssueClient(id, options.ValidityDays);
        byte[] eventKey = EventKeyStore.Generate();
        var previous = registry.Find(id);
        // A re-enrolment gives a new event key, so a new key epoch; the old key stays for the old records.
        int keyEpoch = previous is null ? 0 : previous.KeyEpoch + 1;
        if (keyEpoch > EventKeyStore.MaxKeyEpoch)
        {
            throw new PkiException(string.Create(CultureInfo.InvariantCulture, $"Device '{id}' has used all {EventKeyStore.MaxKeyEpoch} key epochs; enrol it under a new id."));
        }

        try
        {
            var configuration = new AgentConfiguration
            {
                DeviceId = id,
                HardwareClass = options.HardwareClass,
                BrokerHost = options.BrokerHost,
                BrokerPort = options.BrokerPort,
                HeartbeatIntervalSeconds = options.HeartbeatIntervalSeconds,
                IntegrityCheckIntervalSeconds = options.IntegrityCheckIntervalSeconds,
                KeyEpoch = keyEpoch,
            };
            // The host's copy first: a device can never hold a key the host does not know yet.
            if (previous is not null)
            {
                EventKeyStore.ArchiveCurrent(layout, id, previous.KeyEpoch);
            }

            EventKeyStore.Write(layout, id, eventKey);
            ProvisioningPackage.Write(packageDirectory, new ProvisioningPackage.Contents(configuration, ca.CertificatePem, issued.CertificatePem, issued.ExportPrivateKeyPem(), eventKey, trustRoot) { FirstBundle = firstBundle });
        }
        finally
        {
            Array.Clear(eventKey);
        }

        SecureFiles.WritePublic(layout.IssuedCertificate(id), issued.CertificatePem);
        var now = DateTimeOffset.UtcNow;
        var notAfter = new DateTimeOffset(issued.Certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero);
        bool supersedes = previous is not null && previous.Status == DeviceStatus.Active;
        if (supersedes)
        {
            // The old certificate carries the same CN, so it must stop working when the new one is issued.
            registry.RevokedCertificates.Add(new RevokedCertificate { SerialNumber = previous!.SerialNumber, DeviceId = id, RevokedAt = now, Reason = X509RevocationReason.Superseded });
        }

        if (previous is not null)
        {
            registry.Devices.Remove(previous);
        }

        registry.Devices.Add(new DeviceRecord
        {
            Id = id,
            HardwareClass = options.HardwareClass,
            Status = DeviceStatus.Active,
            SerialNumber = issued.SerialNumberHex,
            Thumbprint = issued.Sha256Thumbprint,
            EnrolledAt = now,
            NotAfter = notAfter,
            KeyEpoch = keyEpoch,
        });
        if (supersedes)
        {
            CrlPublisher.Publish(layout, registry, ca);
        }

        return new EnrolledDevice(id, issued.SerialNumberHex, issued.Sha256Thumbprint, notAfter, packageDirectory, previous is not null);
    }

    private static byte[] ReadTrustRoot(string path)
    {
        if (string.IsNullOrWhiteSpace(path) || !File.Exists(path))
        {
            throw new PkiException($"Trust root file '{path}' does not exist. Create it with the signing tools ('edgesec root ...') and pass its path with --trust-root.");
        }

        long length = new FileInfo(path).Length;
        if (length == 0 || length > MaxTrustRootBytes)
        {
            throw new PkiException(string.Create(CultureInfo.InvariantCulture, $"Trust root file '{path}' is {length} bytes; expected 1 to {MaxTrustRootBytes}. Is it the right file?"));
        }

        return File.ReadAllBytes(path);
    }

    /// <summary>
    /// The first bundle, checked exactly as the package build will place it (the firmware core's installer
    /// against this trust root and hardware class, expiry by this host's clock) before any device is enrolled.
    /// </summary>
    private static ProvisioningPackage.FirstBundle? ReadFirstBundle(EnrollmentOptions options, byte[] trustRoot)
    {
        if (options.FirstBundlePath is null)
        {
            return null;
        }

        if (!File.Exists(options.FirstBundlePath))
        {
            throw new PkiException($"Bundle file '{options.FirstBundlePath}' does not exist. Build and sign it with 'edgesec bundle create' / 'edgesec bundle sign'.");
        }

        var bytes = File.ReadAllBytes(options.FirstBundlePath);
        var now = DateTimeOffset.UtcNow;
        try
        {
            FirstBundleVolume.Check(trustRoot, bytes, options.HardwareClass, now);
        }
        catch (PkiException e)
        {
            throw new PkiException($"Bundle '{options.FirstBundlePath}' is refused for hardware class '{options.HardwareClass}' and this trust root; no device was enrolled. {e.Message}", e);
        }

        return new ProvisioningPackage.FirstBundle(bytes, now);
    }

    private static void ValidateSettings(EnrollmentOptions options)
    {
        if (!FleetPki.IsValidDnsName(options.BrokerHost) && !System.Net.IPAddress.TryParse(options.BrokerHost, out _))
        {
            throw new PkiException($"Invalid broker host '{options.BrokerHost}': use a DNS name or an IP address that is in the broker certificate.");
        }

        if (options.BrokerPort is < 1 or > 65535)
        {
            throw new PkiException(string.Create(CultureInfo.InvariantCulture, $"Invalid broker port {options.BrokerPort}: use 1 to 65535."));
        }

        if (!IsValidHardwareClass(options.HardwareClass))
        {
            throw new PkiException($"Invalid hardware class '{options.HardwareClass}': use 1 to 64 characters a-z, 0-9, '.', '_', '-', starting with a letter or digit.");
        }

        if (options.HeartbeatIntervalSeconds < 1 || options.IntegrityCheckIntervalSeconds < 1)
        {
            throw new PkiException("Heartbeat and integrity check intervals must be at least 1 second.");
        }
    }

    private static void ValidateIds(EnrollmentOptions options, FleetRegistry registry, string outputRoot)
    {
        if (options.DeviceIds.Count == 0)
        {
            throw new PkiException("No device to enrol: give a device id, or --count and --prefix.");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string id in options.DeviceIds)
        {
            DeviceId.Validate(id);
            if (!seen.Add(id))
            {
                throw new PkiException($"Device id '{id}' appears twice in this enrolment.");
            }

            if (id == registry.ServiceIdentity)
            {
                throw new PkiException($"'{id}' is the host service's identity; a device may not use it (it would get the service's broker permissions). Choose another id.");
            }

            if (options.Force)
            {
                continue;
            }

            if (registry.Find(id) is { } existing)
            {
                throw new PkiException($"Device '{id}' is already enrolled ({existing.Status.ToString().ToLowerInvariant()}, serial {existing.SerialNumber}); nothing was changed. Use --force to re-enrol it (its current certificate will be revoked).");
            }

            if (Directory.Exists(Path.Combine(outputRoot, id)))
            {
                throw new PkiException($"A provisioning package for '{id}' already exists in '{outputRoot}'; nothing was changed. Use another --out, remove it, or --force.");
            }
        }
    }
}
