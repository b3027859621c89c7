using EdgeSecurity.Pki;
using EdgeSecurity.Pki.Provisioning;
using EdgeSecurity.TestSupport.Cluster;
using EdgeSecurity.TestSupport.Mqtt;

namespace EdgeSecurity.Broker.Tests.Cluster;

/// <summary>
/// One fleet PKI with four devices and a 3-node RabbitMQ cluster of real processes configured from it
/// (generated configuration, generated definitions, the broker authorizer), shared by the cluster tests.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public ClusterFixture()
    {
        Root = Path.Combine(Path.GetTempPath(), "edgesec-cluster-tests-" + Guid.NewGuid().ToString("N"));
        Pki = new PkiLayout(Path.Combine(Root, "pki"));
    }

    public string Root { get; }

    public PkiLayout Pki { get; }

    public RabbitMqCluster Cluster { get; private set; } = null!;

    public MqttIdentity DeviceA => Device("dev-a");

    public MqttIdentity DeviceB => Device("dev-b");

    /// <summary>The device the revocation test revokes; no other test uses it.</summary>
    public MqttIdentity DeviceToRevoke => Device("dev-r");

    public MqttIdentity Host => new(FleetPki.DefaultServiceIdentity, Pki.ServiceCertificate, Pki.ServiceKey);

    public string PackagesDirectory => Path.Combine(Root, "packages");

    public IMqttBrokerAddress Node(int index) => Cluster.Mqtt(index);

    public Task<AmqpPeer> AmqpAsync(MqttIdentity identity, int node = 0) =>
        AmqpPeer.ConnectAsync(Cluster.Nodes[node].AmqpPort, Pki.CaCertificate, identity.CertificatePath, identity.KeyPath);

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Root);
        string trustRoot = Path.Combine(Root, "trustroot.bin");
        await File.WriteAllBytesAsync(trustRoot, [1, 2, 3]);
        FleetPki.Initialize(new PkiInitOptions { Directory = Pki.Root });
        DeviceEnrollment.Enroll(new EnrollmentOptions
        {
            PkiDirectory = Pki.Root,
            DeviceIds = ["dev-a", "dev-b", "dev-r"],
            BrokerHost = "localhost",
            BrokerPort = 8883,
            TrustRootPath = trustRoot,
            OutputDirectory = PackagesDirectory,
        });
        Cluster = await RabbitMqCluster.StartAsync(Pki, nodeCount: 3, root: Path.Combine(Root, "cluster"));
    }

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        Directory.Delete(Root, recursive: true);
    }

    private MqttIdentity Device(string id) => MqttIdentity.FromPackage(id, Path.Combine(PackagesDirectory, id));
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "rabbitmq-cluster";
}
