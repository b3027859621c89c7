using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using EdgeSecurity.Mqtt.Client;
using EdgeSecurity.Pki;
using EdgeSecurity.Pki.Provisioning;
using EdgeSecurity.Pki.Storage;

namespace EdgeSecurity.Bench.Ingest;

/// <summary>
/// A temporary fleet made with the real PKI APIs: CA, broker and host-service certificates, and enrolled
/// devices with their provisioning packages (certificate, key) and event MAC keys. Deleted on dispose.
/// </summary>
internal sealed class BenchFleet : IDisposable
{
    private BenchFleet(string root, IReadOnlyList<string> deviceIds)
    {
        Root = root;
        DeviceIds = deviceIds;
    }

    public string Root { get; }

    public PkiLayout Pki => new(Path.Combine(Root, "pki"));

    public IReadOnlyList<string> DeviceIds { get; }

    private string PackagesDirectory => Path.Combine(Root, "packages");

    public static BenchFleet Create(int devices)
    {
        var root = Directory.CreateTempSubdirectory("edgesec-ingest-bench-").FullName;
        var ids = Enumerable.Range(0, devices).Select(i => "bench-" + i.ToString("D4", CultureInfo.InvariantCulture)).ToArray();
        var fleet = new BenchFleet(root, ids);
        var trustRoot = Path.Combine(root, "trustroot.bin");
        File.WriteAllBytes(trustRoot, [1, 2, 3]);
        FleetPki.Initialize(new PkiInitOptions { Directory = fleet.Pki.Root });
        DeviceEnrollment.Enroll(new EnrollmentOptions
        {
            PkiDirectory = fleet.Pki.Root,
            DeviceIds = ids,
            BrokerHost = "localhost",
            BrokerPort = 8883,
            TrustRootPath = trustRoot,
            OutputDirectory = fleet.PackagesDirectory,
        });
        return fleet;
    }

    public byte[] EventKey(string deviceId) => EventKeyStore.Read(Pki, deviceId);

    /// <summary>
    /// Mutual TLS to the loopback broker with the device's own certificate (its provisioning package). A
    /// persistent session is what the device agent uses (a quorum queue per device on RabbitMQ); the ingest
    /// bench keeps its clean sessions. Without automatic reconnect the caller picks the next broker node itself.
    /// </summary>
    public MqttClientOptions DeviceConnection(string deviceId, int port, bool persistentSession = false, bool autoReconnect = true) =>
        Connection(
            deviceId,
            port,
            Path.Combine(PackagesDirectory, deviceId, ProvisioningPackage.DeviceCertificateFile),
            Path.Combine(PackagesDirectory, deviceId, ProvisioningPackage.DeviceKeyFile),
            maxInFlight: 256,
            persistentSession,
            autoReconnect);

    /// <summary>Mutual TLS with the host-service identity, which the broker ACL lets read every device's reports.</summary>
    public MqttClientOptions ServiceConnection(string clientId, int port) =>
        Connection(clientId, port, Pki.ServiceCertificate, Pki.ServiceKey, maxInFlight: 256, persistentSession: false, autoReconnect: true);

    public void Dispose() => Directory.Delete(Root, recursive: true);

    private MqttClientOptions Connection(string clientId, int port, string certificate, string key, int maxInFlight, bool persistentSession, bool autoReconnect)
    {
        // SslStream on Linux needs a key it can use for the handshake; a PEM-loaded key is ephemeral, so it goes through PKCS#12 once.
        using var pem = X509Certificate2.CreateFromPemFile(certificate, key);
        return new MqttClientOptions
        {
            Host = "127.0.0.1",
            Port = port,
            ClientId = clientId,
            CleanSession = !persistentSession,
            MaxInFlight = maxInFlight,
            Reconnect = new MqttReconnectOptions { Enabled = autoReconnect },
            Tls = new MqttTlsOptions
            {
                CaCertificate = X509CertificateLoader.LoadCertificateFromFile(Pki.CaCertificate),
                ClientCertificate = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null),
                TargetHost = "localhost",
            },
        };
    }
}
