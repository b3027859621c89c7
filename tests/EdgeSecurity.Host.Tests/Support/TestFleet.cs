using EdgeSecurity.Pki;
using EdgeSecurity.Pki.Provisioning;
using EdgeSecurity.Pki.Storage;

namespace EdgeSecurity.Host.Tests.Support;

/// <summary>
/// A real fleet PKI (CA, broker and host-service certificates, enrolled devices with provisioning
/// packages and event keys), generated at test time in a temp directory and shared by the host tests.
/// </summary>
public sealed class TestFleet : IAsyncLifetime
{
    /// <summary>Devices for the throughput measurement (each device's messages are handled in order, so load needs many).</summary>
    public static readonly string[] LoadDeviceIds = [.. Enumerable.Range(0, 16).Select(i => $"load-{i:00}")];

    /// <summary>A device the hostile-device suite revokes (the ingest contracts revoke dev-r1 and dev-r2).</summary>
    public const string SpareDeviceId = "dev-r3";

    /// <summary>The device the hostile-device suite revokes on the RabbitMQ cluster (the fleet is shared by both engines' runs).</summary>
    public const string ClusterSpareDeviceId = "dev-r4";

    public static readonly string[] DeviceIds = ["dev-a", "dev-b", "dev-r1", "dev-r2", SpareDeviceId, ClusterSpareDeviceId, .. LoadDeviceIds];

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "es-host-fleet-" + Guid.NewGuid().ToString("N")[..12]);

    public PkiLayout Pki => new(Path.Combine(Root, "pki"));

    public string PackagesDirectory => Path.Combine(Root, "packages");

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(Root);
        var trustRoot = Path.Combine(Root, "trustroot.bin");
        File.WriteAllBytes(trustRoot, [1, 2, 3]);
        FleetPki.Initialize(new PkiInitOptions { Directory = Pki.Root });
        DeviceEnrollment.Enroll(new EnrollmentOptions
        {
            PkiDirectory = Pki.Root,
            DeviceIds = DeviceIds,
            BrokerHost = "localhost",
            BrokerPort = 8883,
            TrustRootPath = trustRoot,
            OutputDirectory = PackagesDirectory,
        });
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        Directory.Delete(Root, recursive: true);
        return Task.CompletedTask;
    }

    public byte[] EventKey(string deviceId) => EventKeyStore.Read(Pki, deviceId);

    public string DeviceCertificate(string deviceId) => Path.Combine(PackagesDirectory, deviceId, ProvisioningPackage.DeviceCertificateFile);

    public string DeviceKey(string deviceId) => Path.Combine(PackagesDirectory, deviceId, ProvisioningPackage.DeviceKeyFile);
}
