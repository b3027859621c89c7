using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace EdgeSecurity.Bench.Mqtt;

/// <summary>A plain-TCP mosquitto on 127.0.0.1 (free port, temp dir) for the throughput comparison.</summary>
internal sealed class BenchBroker : IDisposable
{
    private readonly Process _process;
    private readonly string _directory;

    public BenchBroker()
    {
        _directory = System.IO.Directory.CreateTempSubdirectory("edgesec-mqtt-bench-").FullName;
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var config = Path.Combine(_directory, "mosquitto.conf");
        var lines = new List<string> { $"listener {Port} 127.0.0.1", "allow_anonymous true", "max_queued_messages 0", "log_type error" };
        if (Environment.UserName == "root")
        {
            lines.Insert(0, "user root");
        }

        File.WriteAllLines(config, lines);
        _process = Process.Start(new ProcessStartInfo("mosquitto", ["-c", config]) { UseShellExecute = false, RedirectStandardError = true })
            ?? throw new InvalidOperationException("mosquitto did not start");
        var started = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) when (started.Elapsed < TimeSpan.FromSeconds(10) && !_process.HasExited)
            {
                Thread.Sleep(50);
            }
        }
    }

    public int Port { get; }

    public string Directory => _directory;

    public void Dispose()
    {
        _process.Kill();
        _process.WaitForExit();
        _process.Dispose();
        System.IO.Directory.Delete(_directory, recursive: true);
    }
}
