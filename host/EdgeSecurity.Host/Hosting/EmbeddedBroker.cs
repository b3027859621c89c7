using EdgeSecurity.Broker.Configuration;
using EdgeSecurity.Broker.Supervision;
using EdgeSecurity.Host.Configuration;
using Microsoft.Extensions.Options;

namespace EdgeSecurity.Host.Hosting;

/// <summary>
/// The host's own mosquitto (broker mode "embedded"): started before ingest connects, supervised
/// (restarted on crash, on CRL change), stopped with the host. The TLS connections it refuses go to the
/// <see cref="RefusedConnectionRecorder"/>.
/// </summary>
public sealed class EmbeddedBroker(
    IOptions<EdgeSecurityHostOptions> options, BrokerEndpoint endpoint, RefusedConnectionRecorder refusals, ILogger<MosquittoSupervisor> logger) : IHostedService, IAsyncDisposable
{
    private MosquittoSupervisor? _supervisor;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var host = options.Value;
        _supervisor = new MosquittoSupervisor(
            new BrokerOptions
            {
                PkiDirectory = Path.GetFullPath(host.PkiDirectory),
                DataDirectory = Path.Combine(host.ResolvedDataDirectory, host.Broker.DataDirectory),
                ListenAddress = host.Broker.Host,
                Port = host.Broker.Port,
                ServiceListenAddress = "127.0.0.1",
                ServicePort = host.Broker.ServicePort,
            },
            new SupervisorSettings { MosquittoPath = string.IsNullOrEmpty(host.Broker.MosquittoPath) ? null : host.Broker.MosquittoPath },
            logger);
        _supervisor.ConnectionRefused += (_, refusal) => refusals.Add(refusal);
        await _supervisor.StartAsync(cancellationToken).ConfigureAwait(false);
        endpoint.SetPorts(_supervisor.Port, _supervisor.ServicePort);
    }

    public Task StopAsync(CancellationToken cancellationToken) =>
        _supervisor is null ? Task.CompletedTask : _supervisor.StopAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        // Registered as itself and as a hosted service, so the container disposes it twice.
        var owned = Interlocked.Exchange(ref _supervisor, null);
        if (owned is not null)
        {
            await owned.DisposeAsync().ConfigureAwait(false);
        }
    }
}
