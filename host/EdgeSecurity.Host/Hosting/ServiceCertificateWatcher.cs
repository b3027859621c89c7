using EdgeSecurity.Host.Configuration;
using EdgeSecurity.Host.Ingest;
using EdgeSecurity.Host.Ota.Delivery;
using Microsoft.Extensions.Options;

namespace EdgeSecurity.Host.Hosting;

/// <summary>
/// Makes the host's broker connections use a renewed host service certificate without a restart: every
/// <c>RegistryPollInterval</c> each connection looks at service.crt and service.key, and one whose pair was
/// renewed reconnects with it (docs/guide/pki.md, "Renewing certificates").
/// </summary>
public sealed partial class ServiceCertificateWatcher(
    IngestService ingest, OtaConnection ota, IOptions<EdgeSecurityHostOptions> options, ILogger<ServiceCertificateWatcher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RegistryPollInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                foreach (SharedSubscriptionConnection connection in new SharedSubscriptionConnection[] { ingest, ota })
                {
                    // A pair that cannot be read or does not match yet is not taken (ServiceCertificateFile keeps the one in use).
                    if (connection.ReconnectIfCertificateRenewed())
                    {
                        LogReconnecting(connection.GetType().Name);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The host service certificate was renewed; {Connection} reconnects with it")]
    private partial void LogReconnecting(string connection);
}
