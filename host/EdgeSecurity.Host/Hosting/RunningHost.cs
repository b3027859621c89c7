using EdgeSecurity.Host.Ingest;

namespace EdgeSecurity.Host.Hosting;

/// <summary>A started host: where its API listens, which port its broker uses; disposing stops everything.</summary>
public sealed class RunningHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    internal RunningHost(WebApplication app)
    {
        _app = app;
        BaseAddress = EdgeSecurityHost.ListeningAddress(app);
        var endpoint = app.Services.GetRequiredService<BrokerEndpoint>();
        BrokerPort = endpoint.DevicePort;
        ServicePort = endpoint.Port;
    }

    /// <summary>Base address of the HTTP API (the actual port when 0 was configured).</summary>
    public Uri BaseAddress { get; }

    /// <summary>The MQTT port devices connect to (the embedded broker's device listener when it picked one).</summary>
    public int BrokerPort { get; }

    /// <summary>The MQTT port the host is connected to (the broker's service listener).</summary>
    public int ServicePort { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>Event messages stored (or found to be duplicates) and acked so far.</summary>
    public long BatchesAcked => _app.Services.GetRequiredService<EventIngestor>().BatchesAcked;

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
