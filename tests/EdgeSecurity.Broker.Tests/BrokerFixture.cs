using EdgeSecurity.Broker.Configuration;
using EdgeSecurity.Broker.Supervision;
using EdgeSecurity.Pki;
using EdgeSecurity.Pki.Provisioning;
using EdgeSecurity.TestSupport.Mqtt;

namespace EdgeSecurity.Broker.Tests;

/// <summary>
/// One fleet PKI with three devices and a supervised real mosquitto on a free loopback port, shared by
/// the broker tests (which therefore run one after the other).
/// </summary>
public sealed class BrokerFixture : IAsyncLifetime, IMqttBrokerAddress
{
    public BrokerFixture()
    {
        Root = Path.Combine(Path.GetTempPath(), "edgesec-broker-tests-" + Guid.NewGuid().ToString("N"));
        Pki = new PkiLayout(Path.Combine(Root, "pki"));
    }

    public string Root { get; }

    public PkiLayout Pki { get; }

    public MosquittoSupervisor Supervisor { get; private set; } = null!;

    public int Port => Supervisor.Port;

    public string CaCertificate => Pki.CaCertificate;

    /// <summary>The service listener, where host instances connect (client ids of their own).</summary>
    public IMqttBrokerAddress Service => new MqttBrokerAddress(Supervisor.ServicePort, Pki.CaCertificate);

    public MqttIdentity DeviceA => Device("dev-a");

    public MqttIdentity DeviceB => Device("dev-b");

    /// <summary>The device the revocation test revokes; no other test uses it.</summary>
    public MqttIdentity DeviceToRevoke => Device("dev-r");

    /// <summary>The device the revocation-without-restart test revokes; no other test uses it.</summary>
    public MqttIdentity SecondDeviceToRevoke => Device("dev-r2");

    public MqttIdentity Host => new(FleetPki.DefaultServiceIdentity, Pki.ServiceCertificate, Pki.ServiceKey);

    public string PackagesDirectory => Path.Combine(Root, "packages");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Root);
        string trustRoot = Path.Combine(Root, "trustroot.bin");
        await File.WriteAllBytesAsync(trustRoot, [1, 2, 3]);
        FleetPki.Initialize(new PkiInitOptions { Directory = Pki.Root });
        DeviceEnrollment.Enroll(new EnrollmentOptions
        {
            PkiDirectory = Pki.Root,
            DeviceIds = ["dev-a", "dev-b", "dev-r", "dev-r2"],
            BrokerHost = "localhost",
            BrokerPort = 8883,
            TrustRootPath = trustRoot,
            OutputDirectory = PackagesDirectory,
        });
        Supervisor = new MosquittoSupervisor(
            new BrokerOptions { PkiDirectory = Pki.Root, DataDirectory = Path.Combine(Root, "broker"), Port = 0, ServicePort = 0 },
            new SupervisorSettings { CrlPollInterval = TimeSpan.FromMilliseconds(200), InitialRestartDelay = TimeSpan.FromMilliseconds(100) });
        await Supervisor.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await Supervisor.DisposeAsync();
        Directory.Delete(Root, recursive: true);
    }

    private MqttIdentity Device(string id) => MqttIdentity.FromPackage(id, Path.Combine(PackagesDirectory, id));
}

[CollectionDefinition(Name)]
public sealed class BrokerCollection : ICollectionFixture<BrokerFixture>
{
    public const string Name = "mosquitto";
}
