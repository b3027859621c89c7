using System.Security.Cryptography.X509Certificates;
using EdgeSecurity.Pki.Certificates;
using EdgeSecurity.Pki.Storage;

namespace EdgeSecurity.Pki.Registry;

/// <summary>Revokes a device: marks it revoked in the registry and issues a new CRL that lists its certificate.</summary>
public static class DeviceRevocation
{
    private static readonly Dictionary<string, X509RevocationReason> ReasonsByName = new(StringComparer.OrdinalIgnoreCase)
    {
        ["unspecified"] = X509RevocationReason.Unspecified,
        ["key-compromise"] = X509RevocationReason.KeyCompromise,
        ["affiliation-changed"] = X509RevocationReason.AffiliationChanged,
        ["superseded"] = X509RevocationReason.Superseded,
        ["cessation-of-operation"] = X509RevocationReason.CessationOfOperation,
    };

    public static IReadOnlyCollection<string> ReasonNames => ReasonsByName.Keys;

    public static X509RevocationReason ParseReason(string name) =>
        ReasonsByName.TryGetValue(name, out var reason)
            ? reason
            : throw new PkiException($"Unknown revocation reason '{name}': use one of {string.Join(", ", ReasonsByName.Keys)}.");

    public static string ReasonName(X509RevocationReason reason) => ReasonsByName.First(pair => pair.Value == reason).Key;

    /// <summary>Revokes <paramref name="deviceId"/>; revoking an already revoked device re-issues the CRL and reports <see cref="RevocationResult.AlreadyRevoked"/>.</summary>
    public static RevocationResult Revoke(string pkiDirectory, string deviceId, X509RevocationReason reason)
    {
        var layout = new PkiLayout(pkiDirectory);
        layout.RequireInitialized();
        DeviceId.Validate(deviceId);
        using var pkiLock = PkiLock.Acquire(layout, TimeSpan.FromSeconds(10));
        var registry = FleetRegistryFile.Load(layout);
        var device = registry.Find(deviceId)
            ?? throw new PkiException($"Device '{deviceId}' is not enrolled in '{layout.Root}'; check the id ('edgesec device list --dir {layout.Root}').");
        using var ca = CertificateAuthority.Load(layout);
        bool alreadyRevoked = device.Status == DeviceStatus.Revoked;
        if (!alreadyRevoked)
        {
            var now = DateTimeOffset.UtcNow;
            device.Status = DeviceStatus.Revoked;
            device.RevokedAt = now;
            device.RevocationReason = ReasonName(reason);
            registry.RevokedCertificates.Add(new RevokedCertificate { SerialNumber = device.SerialNumber, DeviceId = deviceId, RevokedAt = now, Reason = reason });
        }

        CrlPublisher.Publish(layout, registry, ca);
        return new RevocationResult(deviceId, device.SerialNumber, alreadyRevoked, registry.CrlNumber, layout.Crl);
    }
}
