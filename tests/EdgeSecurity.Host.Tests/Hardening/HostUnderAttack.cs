using EdgeSecurity.Host.Configuration;
using EdgeSecurity.Host.Hosting;
using EdgeSecurity.Host.Storage;
using EdgeSecurity.TestSupport.Mqtt;
using Microsoft.Extensions.DependencyInjection;

namespace EdgeSecurity.Host.Tests.Hardening;

/// <summary>
/// A real host (in-process) on the broker engine under test, with what the hostile-device suite needs to
/// attack it: where an attacker's command line clients connect, where the well-behaved neighbour device
/// connects (another node on a cluster), and how many rejection rows the store holds.
/// </summary>
public sealed class HostUnderAttack(RunningHost host, EdgeSecurityHostOptions options, IMqttBrokerAddress attacker, int neighbourPort, Func<string, Task<long>> rejectionRows)
    : IAsyncDisposable
{
    public RunningHost Host { get; } = host;

    public EdgeSecurityHostOptions Options { get; } = options;

    /// <summary>Where the attacker's mosquitto_pub / mosquitto_sub connect.</summary>
    public IMqttBrokerAddress Attacker { get; } = attacker;

    /// <summary>The MQTT port the well-behaved devices use (on a cluster: another node than the attacker's).</summary>
    public int NeighbourPort { get; } = neighbourPort;

    public ITelemetryStore Store => Host.Services.GetRequiredService<ITelemetryStore>();

    public IIngestConnection Ingest => Host.Services.GetRequiredService<IIngestConnection>();

    /// <summary>Rows of the rejections table for one device, read from the database directly as an analyst's tool would.</summary>
    public Task<long> RejectionRowsAsync(string deviceId) => rejectionRows(deviceId);

    public ValueTask DisposeAsync() => Host.DisposeAsync();
}
