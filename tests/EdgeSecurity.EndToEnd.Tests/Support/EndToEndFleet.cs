using EdgeSecurity.Pki;
using EdgeSecurity.Pki.Provisioning;
using EdgeSecurity.Simulator.Release;
using EdgeSecurity.TestSupport;

namespace EdgeSecurity.EndToEnd.Tests.Support;

/// <summary>
/// Made once per test run: a real fleet PKI ('edgesec pki init' code), a release (trust root threshold 2,
/// bundle signed by two release keys) and enrolled devices with provisioning packages. Each test then
/// starts its own host (own database and broker) and its own device flash. The collection also shares one
/// PostgreSQL server (a fresh database per PostgreSQL run).
/// </summary>
public sealed class EndToEndFleet : IDisposable
{
    public const string HardwareClass = "esp32-e2e";
    /// <summary>
    /// Enrolled devices; a scenario starts the first N in ordinal order (the simulator's package order), so
    /// dev-1 … dev-4 come first and the OTA campaign's ten add dev-ota-01 … .
    /// </summary>
    public static readonly string[] DeviceIds =
        [
            "dev-1", "dev-2", "dev-3", "dev-4",
            .. Enumerable.Range(1, 8).Select(i => "dev-ota-" + i.ToString("00", System.Globalization.CultureInfo.InvariantCulture)),
            // After the others in ordinal order: the clustered-broker scenarios run 50 devices.
            .. Enumerable.Range(1, 38).Select(i => "dev-x-" + i.ToString("00", System.Globalization.CultureInfo.InvariantCulture)),
        ];

    /// <summary>The update's application component: ten 4 KiB chunks, so a download can be cut in its middle.</summary>
    public const int UpdatePayloadBytes = 40 * 1024;

    public EndToEndFleet()
    {
        Root = Directory.CreateTempSubdirectory("es-e2e-").FullName;
        Release = SimulatorRelease.Create(HardwareClass, updates: 1, updatePayloadBytes: UpdatePayloadBytes, rotation: true);
        var (trustRoot, _) = Release.WriteTo(Path.Combine(Root, "release"));
        TrustRootPath = trustRoot;
        FleetPki.Initialize(new PkiInitOptions { Directory = PkiDirectory });
        DeviceEnrollment.Enroll(new EnrollmentOptions
        {
            PkiDirectory = PkiDirectory,
            DeviceIds = DeviceIds,
            BrokerHost = "localhost",
            BrokerPort = 8883,
            TrustRootPath = trustRoot,
            HardwareClass = HardwareClass,
            OutputDirectory = PackagesDirectory,
            HeartbeatIntervalSeconds = 1,
        });
    }

    public string Root { get; }

    public string PkiDirectory => Path.Combine(Root, "pki");

    public string PackagesDirectory => Path.Combine(Root, "packages");

    /// <summary>The release's first bundle (provisioned) and, in <see cref="SimulatorRelease.Updates"/>, the v2 bundle OTA campaigns offer.</summary>
    public SimulatorRelease Release { get; }

    /// <summary>The fleet's signed trust root file (the host validates OTA uploads against it).</summary>
    public string TrustRootPath { get; }

    public byte[] EventKeyOf(string deviceId) => File.ReadAllBytes(Path.Combine(PackagesDirectory, deviceId, ProvisioningPackage.EventKeyFile));

    /// <summary>A fresh directory for one test's host data and device flash.</summary>
    public string NewWorkDirectory(string name) => Directory.CreateDirectory(Path.Combine(Root, name + "-" + Guid.NewGuid().ToString("N")[..8])).FullName;

    public void Dispose() => Directory.Delete(Root, recursive: true);
}

[CollectionDefinition(Name)]
public sealed class EndToEndCollection : ICollectionFixture<EndToEndFleet>, ICollectionFixture<PostgresServer>
{
    public const string Name = "end to end";
}
