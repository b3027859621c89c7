using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using EdgeSecurity.Mqtt.Client;

namespace EdgeSecurity.Mqtt.Tests.Infrastructure;

/// <summary>
/// A real mosquitto on 127.0.0.1 with a free port, a temporary directory and mutual TLS
/// (require_certificate, use_identity_as_username, TLS 1.2, persistence). Stopped and deleted on dispose.
/// </summary>
internal sealed class MosquittoBroker : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);
    private readonly string _configPath;
    private Process? _process;

    public MosquittoBroker()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("edgesec-mosquitto-").FullName;
        Certificates = new TestCertificates();
        File.WriteAllText(Path.Combine(Directory, "ca.crt"), Certificates.Ca.ExportCertificatePem());
        var (serverCertificate, serverKey) = TestCertificates.WritePem(Certificates.IssueServer(), Directory, "server");
        Port = FreePort();
        _configPath = Path.Combine(Directory, "mosquitto.conf");
        var lines = new List<string>
        {
            "per_listener_settings false",
            "allow_anonymous false",
            "persistence true",
            $"persistence_location {Directory}/",
            $"log_dest file {Path.Combine(Directory, "mosquitto.log")}",
            "log_type error",
            "log_type warning",
            "log_type notice",
            "max_queued_messages 0",
            $"listener {Port} 127.0.0.1",
            $"cafile {Path.Combine(Directory, "ca.crt")}",
            $"certfile {serverCertificate}",
            $"keyfile {serverKey}",
            "require_certificate true",
            "use_identity_as_username true",
            "tls_version tlsv1.2",
        };
        if (Environment.UserName == "root")
        {
            lines.Insert(0, "user root");
        }

        File.WriteAllLines(_configPath, lines);
        Start();
    }

    public string Directory { get; }

    public int Port { get; }

    public TestCertificates Certificates { get; }

    public string CaPath => Path.Combine(Directory, "ca.crt");

    /// <summary>Options for a client of this broker authenticated by a fresh certificate with CN <paramref name="clientId"/>.</summary>
    public MqttClientOptions ClientOptions(string clientId, bool cleanSession = true, Action<MqttClientOptionsBuilder>? customize = null)
    {
        var builder = new MqttClientOptionsBuilder(this, clientId, cleanSession);
        customize?.Invoke(builder);
        return builder.Build();
    }

    /// <summary>PEM files of a client certificate for an external client (Paho).</summary>
    public (string CertificatePath, string KeyPath) WriteClientPem(string commonName) =>
        TestCertificates.WritePem(Certificates.IssueClient(commonName), Directory, "client-" + commonName);

    /// <summary>Stops mosquitto with SIGTERM (it saves its persistence file) and waits for it to exit.</summary>
    public void Stop()
    {
        if (_process is null)
        {
            return;
        }

        if (!_process.HasExited)
        {
            Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();
            if (!_process.WaitForExit(StartTimeout))
            {
                _process.Kill();
                _process.WaitForExit();
            }
        }

        _process.Dispose();
        _process = null;
    }

    public void Start()
    {
        var info = new ProcessStartInfo("mosquitto", ["-c", _configPath])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        _process = Process.Start(info) ?? throw new InvalidOperationException("mosquitto did not start");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"mosquitto exited with {_process.ExitCode}: {Log()}");
            }

            try
            {
                using var probe = new TcpClient();
                probe.Connect(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                Thread.Sleep(50);
            }
        }

        throw new TimeoutException($"mosquitto did not listen on {Port}: {Log()}");
    }

    public string Log()
    {
        var path = Path.Combine(Directory, "mosquitto.log");
        return File.Exists(path) ? File.ReadAllText(path) : "(no log)";
    }

    public void Dispose()
    {
        Stop();
        Certificates.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}

/// <summary>Mutable settings for <see cref="MosquittoBroker.ClientOptions"/>, turned into immutable options.</summary>
internal sealed class MqttClientOptionsBuilder(MosquittoBroker broker, string clientId, bool cleanSession)
{
    public X509Certificate2? ClientCertificate { get; set; } = broker.Certificates.IssueClient(clientId);

    public X509Certificate2 Ca { get; set; } = broker.Certificates.CaPublic;

    public string? TargetHost { get; set; } = "localhost";

    public TimeSpan KeepAlive { get; set; } = TimeSpan.FromSeconds(5);

    public int MaxInFlight { get; set; } = 64;

    public bool Reconnect { get; set; } = true;

    public Packets.MqttWill? Will { get; set; }

    public int HandlerConcurrency { get; set; } = 1;

    public MqttClientOptions Build() => new()
    {
        Host = "127.0.0.1",
        Port = broker.Port,
        ClientId = clientId,
        CleanSession = cleanSession,
        KeepAlive = KeepAlive,
        MaxInFlight = MaxInFlight,
        Will = Will,
        HandlerConcurrency = HandlerConcurrency,
        ConnectTimeout = TimeSpan.FromSeconds(5),
        Tls = new MqttTlsOptions { CaCertificate = Ca, ClientCertificate = ClientCertificate, TargetHost = TargetHost },
        Reconnect = new MqttReconnectOptions { Enabled = Reconnect, InitialDelay = TimeSpan.FromMilliseconds(100), MaxDelay = TimeSpan.FromSeconds(1) },
    };
}
