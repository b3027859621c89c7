using EdgeSecurity.Host.Alerts;
using EdgeSecurity.Host.Configuration;
using EdgeSecurity.Host.Storage;
using EdgeSecurity.Host.Storage.Model;
using Microsoft.Extensions.Options;

namespace EdgeSecurity.Host.Attestation;

/// <summary>
/// The attestation sweep, every <see cref="AttestationOptions.SweepInterval"/>: challenges the devices that are due
/// (each on its own jittered interval), reports challenges left unanswered past their deadline (each once, also
/// with several host instances: the store claims it), and settles deferred journal-head checks.
/// </summary>
public sealed partial class AttestationScheduler(
    AttestationChallenger challenger,
    ITelemetryStore store,
    AlertEngine alerts,
    TimeProvider time,
    IOptions<EdgeSecurityHostOptions> options,
    ILogger<AttestationScheduler> logger) : BackgroundService
{
    /// <summary>One sweep; returns how many challenges were sent, reported late and deferred checks settled.</summary>
    public async Task<(int Challenged, int Late, int Settled)> SweepAsync(CancellationToken cancellationToken)
    {
        long now = time.GetUtcNow().ToUnixTimeMilliseconds();
        int late = 0;
        foreach (var overdue in await store.Attestation.ClaimOverdueChallengesAsync(now, cancellationToken).ConfigureAwait(false))
        {
            string detail = $"no answer to the challenge of {DateTimeOffset.FromUnixTimeMilliseconds(overdue.IssuedAtMs).UtcDateTime:O} by its deadline";
            await store.Attestation.RecordOutcomeAsync(overdue.DeviceId, AttestationStates.Late, detail, now, cancellationToken).ConfigureAwait(false);
            await alerts.OnAttestationProblemAsync(overdue.DeviceId, AttestationProblem.Late, detail, cancellationToken).ConfigureAwait(false);
            late++;
        }

        int settled = await SettleDeferredChecksAsync(cancellationToken).ConfigureAwait(false);
        int challenged = 0;
        var settings = options.Value.Attestation;
        if (settings.Enabled)
        {
            long interval = Math.Max(1, (long)settings.Interval.TotalMilliseconds);
            await store.Attestation.ScheduleNewDevicesAsync(() => now + Random.Shared.NextInt64(interval), cancellationToken).ConfigureAwait(false);
            foreach (var deviceId in await store.Attestation.ListDueDevicesAsync(now, cancellationToken).ConfigureAwait(false))
            {
                await challenger.ChallengeAsync(deviceId, cancellationToken).ConfigureAwait(false);
                challenged++;
            }
        }

        return (challenged, late, settled);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Attestation.SweepInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await SweepAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is System.Data.Common.DbException or IOException or InvalidOperationException)
            {
                // The store or the broker connection being unavailable for a moment must not end the sweep; the next tick retries.
                LogSweepFailed(e);
            }
        }
    }

    private async Task<int> SettleDeferredChecksAsync(CancellationToken cancellationToken)
    {
        int settled = 0;
        foreach (var record in (await store.Attestation.ListAsync(null, cancellationToken).ConfigureAwait(false)).Values)
        {
            if (record.ChainCheck != ChainCheckNames.Pending || record.Posture is not { } posture)
            {
                continue;
            }

            var head = await store.GetChainHeadAsync(record.DeviceId, cancellationToken).ConfigureAwait(false);
            if (head is null || head.Sequence < posture.JournalHeadSequence)
            {
                continue;
            }

            var stored = await store.GetEventAsync(record.DeviceId, posture.JournalHeadSequence, cancellationToken).ConfigureAwait(false);
            var (chainCheck, contradiction) = ChainBinding.SettleDeferred(posture.JournalHeadSequence, Convert.FromHexString(posture.JournalHeadMacHex), stored);
            if (!await store.Attestation.ResolveChainCheckAsync(record.DeviceId, posture.JournalHeadSequence, chainCheck ?? AttestationStates.Contradiction, cancellationToken).ConfigureAwait(false))
            {
                continue; // Another instance settled it, or a newer answer replaced it.
            }

            settled++;
            if (contradiction is not null)
            {
                long now = time.GetUtcNow().ToUnixTimeMilliseconds();
                await store.Attestation.RecordOutcomeAsync(record.DeviceId, AttestationStates.Contradiction, contradiction, now, cancellationToken).ConfigureAwait(false);
                await alerts.OnAttestationProblemAsync(record.DeviceId, AttestationProblem.Contradiction, contradiction, cancellationToken).ConfigureAwait(false);
            }
        }

        return settled;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The attestation sweep failed; retrying at the next interval")]
    private partial void LogSweepFailed(Exception exception);
}
