using EdgeSecurity.Host.Configuration;
using Microsoft.Extensions.Options;

namespace EdgeSecurity.Host.Alerts;

/// <summary>Runs the silence rules periodically (they fire on the absence of messages, so ingest cannot).</summary>
public sealed partial class SilentDeviceSweeper(AlertEngine engine, IOptions<EdgeSecurityHostOptions> options, ILogger<SilentDeviceSweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SilenceSweepInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await engine.SweepSilenceAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is System.Data.Common.DbException or IOException)
            {
                // The store being unavailable for a moment must not end the sweeper; the next tick retries.
                LogSweepFailed(e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The silent-device sweep failed; retrying at the next interval")]
    private partial void LogSweepFailed(Exception exception);
}
