using EdgeSecurity.Bench.Ingest;
using EdgeSecurity.Host.Configuration;
using EdgeSecurity.Host.Hosting;
using EdgeSecurity.TestSupport.Cluster;
using Microsoft.Extensions.Logging;

namespace EdgeSecurity.Bench.Cluster;

/// <summary>
/// A running broker for the connection and failover measurements: the host's embedded mosquitto (the real
/// generated configuration with mutual TLS and the fleet ACL; the host on SQLite, which the devices here never
/// reach) or a RabbitMQ cluster started from the fleet PKI. Gives the device ports and the broker processes.
/// </summary>
internal sealed class BrokerDeployment : IAsyncDisposable
{
    private readonly RunningHost? _host;
    private readonly string? _mosquittoDirectory;

    private BrokerDeployment(BrokerUnderTest broker, RunningHost host, string mosquittoDirectory)
    {
        Broker = broker;
        _host = host;
        _mosquittoDirectory = mosquittoDirectory;
        DevicePorts = [host.BrokerPort];
    }

    private BrokerDeployment(BrokerUnderTest broker, RabbitMqCluster cluster)
    {
        Broker = broker;
        Cluster = cluster;
        DevicePorts = [.. cluster.Nodes.Select(n => n.MqttPort)];
    }

    public BrokerUnderTest Broker { get; }

    public RabbitMqCluster? Cluster { get; }

    /// <summary>The device (MQTT over TLS) port of each node.</summary>
    public IReadOnlyList<int> DevicePorts { get; }

    public static async Task<BrokerDeployment> StartAsync(BrokerUnderTest broker, BenchFleet fleet, string name)
    {
        if (!broker.IsMosquitto)
        {
            return new BrokerDeployment(broker, await RabbitMqCluster.StartAsync(fleet.Pki, broker.Nodes, Path.Combine(fleet.Root, name)).ConfigureAwait(false));
        }

        var data = Path.Combine(fleet.Root, name);
        var options = new EdgeSecurityHostOptions { DataDirectory = data, PkiDirectory = fleet.Pki.Root };
        options.Urls.Add("http://127.0.0.1:0");
        options.Storage.Provider = "sqlite";
        options.Storage.SqlitePath = Path.Combine(data, "edgesec.db");
        var host = await EdgeSecurityHost.StartAsync(options, CancellationToken.None, b => b.Logging.ClearProviders().AddConsole(c => c.LogToStandardErrorThreshold = LogLevel.Trace).SetMinimumLevel(LogLevel.Warning)).ConfigureAwait(false);
        return new BrokerDeployment(broker, host, Path.Combine(data, options.Broker.DataDirectory));
    }

    /// <summary>The broker process of each node (mosquitto, or the node's Erlang VM).</summary>
    public BrokerProcessStats[] Stats() =>
        Cluster is { } cluster
            ? [.. Enumerable.Range(0, cluster.Nodes.Count).Select(i => BrokerProcessStats.Read(cluster.VirtualMachineProcessId(i)))]
            : [BrokerProcessStats.Read(BrokerProcessStats.FindMosquitto(_mosquittoDirectory!))];

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync().ConfigureAwait(false);
        }

        if (Cluster is not null)
        {
            await Cluster.DisposeAsync().ConfigureAwait(false);
        }
    }
}
