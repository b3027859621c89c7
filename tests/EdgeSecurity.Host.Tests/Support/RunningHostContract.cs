using EdgeSecurity.Host.Configuration;
using EdgeSecurity.Host.Hosting;
using EdgeSecurity.Host.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace EdgeSecurity.Host.Tests.Support;

/// <summary>
/// A contract run against a whole host (embedded mosquitto with TLS, ingest, store, alerts) started once per
/// test; each database's test class says how the host is configured.
/// </summary>
public abstract class RunningHostContract(TestFleet fleet) : IAsyncLifetime
{
    private RunningHost? _host;

    protected TestFleet Fleet => fleet;

    protected RunningHost Host => _host ?? throw new InvalidOperationException("Host not started.");

    protected ITelemetryStore Store => Host.Services.GetRequiredService<ITelemetryStore>();

    protected abstract Task<EdgeSecurityHostOptions> OptionsAsync();

    public async Task InitializeAsync() => _host = await HostFactory.StartAsync(await OptionsAsync());

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}
