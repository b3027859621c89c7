using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using EdgeSecurity.Pki.Certificates;
using EdgeSecurity.Pki.Registry;
using EdgeSecurity.Pki.Storage;

namespace EdgeSecurity.Pki.Provisioning;

/// <summary>
/// Renews a device's certificate in two steps, so that no device is cut off (docs/guide/pki.md, "Renewing
/// certificates"): <see cref="Issue"/> issues a new certificate with a new key pair for the same identity
/// (same id, same event key, no new key epoch) while the current one stays valid; once the device uses it,
/// <see cref="Complete"/> puts it in force and revokes the previous one (CRL reason superseded).
/// </summary>
public static class DeviceRenewal
{
    public static RenewalResult Issue(string pkiDirectory, string deviceId, string outputDirectory, int validityDays)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(outputDirectory);
        if (validityDays < 1)
        {
            throw new PkiException(string.Create(CultureInfo.InvariantCulture, $"Invalid validity {validityDays} days: use 1 or more."));
        }

        var layout = new PkiLayout(pkiDirectory);
        layout.RequireInitialized();
        DeviceId.Validate(deviceId);
        string output = Path.GetFullPath(outputDirectory);
        if (Directory.Exists(output) && Directory.EnumerateFileSystemEntries(output).Any())
        {
            throw new PkiException($"'{output}' is not empty; nothing was changed. Give a new or empty --out directory for the renewed certificate.");
        }

        using var pkiLock = PkiLock.Acquire(layout, TimeSpan.FromSeconds(10));
        var registry = FleetRegistryFile.Load(layout);
        var device = ActiveDevice(layout, registry, deviceId);
        if (device.PendingSerialNumber is not null)
        {
            throw new PkiException($"A renewed certificate (serial {device.PendingSerialNumber}) of '{deviceId}' is already pending; nothing was changed. Complete it with 'edgesec device renew {deviceId} --complete' once the device uses it.");
        }

        using var ca = CertificateAuthority.Load(layout);
        using var issued = ca.IssueClient(deviceId, validityDays);
        SecureFiles.CreateOwnerOnlyDirectory(output);
        SecureFiles.WritePublic(Path.Combine(output, ProvisioningPackage.CaCertificateFile), ca.CertificatePem);
        SecureFiles.WritePublic(Path.Combine(output, ProvisioningPackage.DeviceCertificateFile), issued.CertificatePem);
        SecureFiles.WriteSecret(Path.Combine(output, ProvisioningPackage.DeviceKeyFile), issued.ExportPrivateKeyPem());
        SecureFiles.WritePublic(layout.PendingCertificate(deviceId), issued.CertificatePem);
        var notAfter = new DateTimeOffset(issued.Certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero);
        device.PendingSerialNumber = issued.SerialNumberHex;
        device.PendingThumbprint = issued.Sha256Thumbprint;
        device.PendingNotAfter = notAfter;
        FleetRegistryFile.Save(layout, registry);
        return new RenewalResult(deviceId, issued.SerialNumberHex, notAfter, device.SerialNumber, output, null);
    }

    public static RenewalResult Complete(string pkiDirectory, string deviceId)
    {
        var layout = new PkiLayout(pkiDirectory);
        layout.RequireInitialized();
        DeviceId.Validate(deviceId);
        using var pkiLock = PkiLock.Acquire(layout, TimeSpan.FromSeconds(10));
        var registry = FleetRegistryFile.Load(layout);
        var device = ActiveDevice(layout, registry, deviceId);
        if (device.PendingSerialNumber is null || device.PendingThumbprint is null || device.PendingNotAfter is null)
        {
            throw new PkiException($"No renewed certificate of '{deviceId}' is pending; nothing was changed. Issue one first with 'edgesec device renew {deviceId} --out DIR'.");
        }

        using var ca = CertificateAuthority.Load(layout);
        string previous = device.SerialNumber;
        registry.RevokedCertificates.Add(new RevokedCertificate { SerialNumber = previous, DeviceId = deviceId, RevokedAt = DateTimeOffset.UtcNow, Reason = X509RevocationReason.Superseded });
        device.SerialNumber = device.PendingSerialNumber;
        device.Thumbprint = device.PendingThumbprint;
        device.NotAfter = device.PendingNotAfter.Value;
        (device.PendingSerialNumber, device.PendingThumbprint, device.PendingNotAfter) = (null, null, null);
        if (File.Exists(layout.PendingCertificate(deviceId)))
        {
            File.Move(layout.PendingCertificate(deviceId), layout.IssuedCertificate(deviceId), overwrite: true);
        }

        // The registry first: a CRL that revokes the previous certificate is only ever published with it.
        FleetRegistryFile.Save(layout, registry);
        CrlPublisher.Publish(layout, registry, ca);
        return new RenewalResult(deviceId, device.SerialNumber, device.NotAfter, previous, null, registry.CrlNumber);
    }

    private static DeviceRecord ActiveDevice(PkiLayout layout, FleetRegistry registry, string deviceId)
    {
        var device = registry.Find(deviceId)
            ?? throw new PkiException($"Device '{deviceId}' is not enrolled in '{layout.Root}'; check the id ('edgesec device list --dir {layout.Root}').");
        return device.Status == DeviceStatus.Active
            ? device
            : throw new PkiException($"Device '{deviceId}' is revoked; a revoked device is not renewed but enrolled again with 'edgesec device enroll {deviceId} --force'.");
    }
}
