using EdgeSecurity.Host.Configuration;
using EdgeSecurity.Host.Devices;
using EdgeSecurity.Pki;
using Microsoft.Extensions.Options;

namespace EdgeSecurity.Host.Alerts;

/// <summary>Runs the certificate expiry rules at start and then periodically (expiry comes with time, not with a message).</summary>
public sealed partial class CertificateExpirySweeper(
    AlertEngine engine, CertificateInventory inventory, IOptions<EdgeSecurityHostOptions> options, ILogger<CertificateExpirySweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CertificateSweepInterval);
        do
        {
            try
            {
                await engine.SweepCertificatesAsync(inventory.Read(), stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is System.Data.Common.DbException or IOException or PkiException or System.Security.Cryptography.CryptographicException)
            {
                // A store or PKI file unavailable for a moment must not end the sweeper; the next tick retries.
                LogSweepFailed(e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The certificate expiry sweep failed; retrying at the next interval")]
    private partial void LogSweepFailed(Exception exception);
}
