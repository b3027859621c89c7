using System.Diagnostics;
using EdgeSecurity.Broker.Configuration;
using EdgeSecurity.Broker.Supervision;

namespace EdgeSecurity.EndToEnd.Tests.Support;

/// <summary>The fleet's mosquitto (real TLS from the fleet PKI, ACL per device), run by the project's supervisor on a free loopback port.</summary>
internal sealed class TestBroker : IAsyncDisposable
{
    private readonly MosquittoSupervisor _supervisor;

    private TestBroker(MosquittoSupervisor supervisor, BrokerLog log)
    {
        _supervisor = supervisor;
        Log = log;
    }

    public int Port => _supervisor.Port;

    /// <summary>The service listener, where the host connects.</summary>
    public int ServicePort => _supervisor.ServicePort;

    /// <summary>What mosquitto and its supervisor logged (client connections and disconnections included).</summary>
    public BrokerLog Log { get; }

    public static async Task<TestBroker> StartAsync(string pkiDirectory, string dataDirectory)
    {
        var log = new BrokerLog();
        var supervisor = new MosquittoSupervisor(
            new BrokerOptions { PkiDirectory = pkiDirectory, DataDirectory = dataDirectory, Port = 0, ServicePort = 0, AutosaveIntervalSeconds = 1 },
            new SupervisorSettings(),
            log);
        await supervisor.StartAsync();
        return new TestBroker(supervisor, log);
    }

    /// <summary>Kills mosquitto with SIGKILL (a crash); the supervisor starts it again on the same port.</summary>
    public async Task CrashAndWaitForRestartAsync()
    {
        var pid = _supervisor.ProcessId ?? throw new InvalidOperationException("mosquitto is not running.");
        using (var process = Process.GetProcessById(pid))
        {
            process.Kill();
            await process.WaitForExitAsync();
        }

        var deadline = Stopwatch.StartNew();
        while (_supervisor.ProcessId is null or 0 || _supervisor.ProcessId == pid)
        {
            if (deadline.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new TimeoutException("The supervisor did not restart mosquitto within 30 s.");
            }

            await Task.Delay(100);
        }
    }

    public ValueTask DisposeAsync() => _supervisor.DisposeAsync();
}
