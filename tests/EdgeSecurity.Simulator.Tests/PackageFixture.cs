using EdgeSecurity.Pki;
using EdgeSecurity.Pki.Provisioning;
using EdgeSecurity.Simulator.Release;

namespace EdgeSecurity.Simulator.Tests;

/// <summary>A real PKI with one enrolled device and a release, made once for these tests.</summary>
public sealed class PackageFixture : IDisposable
{
    public PackageFixture()
        : this(SimulatorRelease.Create("esp32-sim"))
    {
    }

    internal PackageFixture(SimulatorRelease release)
    {
        Root = Directory.CreateTempSubdirectory("es-sim-").FullName;
        Release = release;
        var (trustRoot, _) = Release.WriteTo(Path.Combine(Root, "release"));
        FleetPki.Initialize(new PkiInitOptions { Directory = Path.Combine(Root, "pki") });
        DeviceEnrollment.Enroll(new EnrollmentOptions
        {
            PkiDirectory = Path.Combine(Root, "pki"),
            DeviceIds = ["sim-1"],
            BrokerHost = "localhost",
            BrokerPort = 8883,
            TrustRootPath = trustRoot,
            HardwareClass = "esp32-sim",
            OutputDirectory = Path.Combine(Root, "packages"),
        });
    }

    public string Root { get; }

    public SimulatorRelease Release { get; }

    public string PackageDirectory => Path.Combine(Root, "packages", "sim-1");

    public string NewFlashDirectory() => Path.Combine(Root, "flash-" + Guid.NewGuid().ToString("N")[..8]);

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
