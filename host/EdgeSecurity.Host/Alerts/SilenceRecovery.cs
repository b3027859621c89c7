using System.Globalization;
using EdgeSecurity.Firmware.Core.Events;
using EdgeSecurity.Host.Ingest;
using EdgeSecurity.Host.Storage;

namespace EdgeSecurity.Host.Alerts;

/// <summary>
/// Resolves a device's active silence alerts when a heartbeat of it is stored again, so the next silence
/// raises a new alert. An alert an analyst closed stays as it is.
/// </summary>
internal sealed partial class SilenceRecovery(IReadOnlyList<AlertRule> silenceRules, ITelemetryStore store, TimeProvider time, ILogger logger)
{
    /// <summary>One indexed read per silence rule, and only for a batch with a heartbeat.</summary>
    public async Task OnIngestedAsync(VerifiedBatch batch, CancellationToken cancellationToken)
    {
        if (silenceRules.Count == 0 || !batch.NewEvents.Any(e => e.Type == EventTypes.Heartbeat))
        {
            return;
        }

        var now = time.GetUtcNow();
        var note = string.Create(CultureInfo.InvariantCulture, $"; device heard again: heartbeat received at {now:yyyy-MM-ddTHH:mm:ssZ}");
        foreach (var rule in silenceRules)
        {
            foreach (var alert in await store.FindActiveAlertsAsync(batch.DeviceId, rule.Id, cancellationToken).ConfigureAwait(false))
            {
                if (await store.ResolveAlertAsync(alert.Id, note, now.ToUnixTimeMilliseconds(), cancellationToken).ConfigureAwait(false))
                {
                    LogResolved(alert.Id, batch.DeviceId);
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Silence alert {AlertId} resolved: device {DeviceId} sent a heartbeat again")]
    private partial void LogResolved(long alertId, string deviceId);
}
