using EdgeSecurity.Firmware.Core.Events;
using EdgeSecurity.Host.Devices;
using EdgeSecurity.Host.Ingest;
using EdgeSecurity.Host.Storage;
using EdgeSecurity.Host.Storage.Model;

namespace EdgeSecurity.Host.Alerts;

/// <summary>
/// Applies the rules to what ingest stored and found, and raises alerts that link the events behind them.
/// An open alert of the same rule and device is extended with the new events instead of duplicated.
/// Runs after the batch was stored. It also ends alerts whose condition is over (a gap explained later, a
/// silent device heard again) and keeps the device's firmware version from its boot events, because these
/// need the decoded records this step already has.
/// </summary>
public sealed partial class AlertEngine(AlertRuleSet rules, ITelemetryStore store, BurstTracker bursts, TimeProvider time, ILogger<AlertEngine> logger)
{
    private readonly ChainGapExplainer _gaps = new(store, time, logger);
    private readonly SilenceRecovery _silenceRecovery = new([.. rules.Rules.Where(r => r.Kind == AlertRuleKind.Silence)], store, time, logger);
    private readonly FirmwareVersionTracker _firmware = new(store);
    private readonly RejectionBurstTracker _rejections = new();

    public IReadOnlyList<AlertRule> Rules => rules.Rules;

    public async Task OnIngestedAsync(VerifiedBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        foreach (var anomaly in batch.Anomalies)
        {
            await OnAnomalyAsync(anomaly, batch, cancellationToken).ConfigureAwait(false);
        }

        if (batch.NewEvents.Count == 0)
        {
            return;
        }

        if (batch.NewRecords.Count != batch.NewEvents.Count)
        {
            throw new ArgumentException($"The batch carries {batch.NewEvents.Count} new events but {batch.NewRecords.Count} decoded records.", nameof(batch));
        }

        var records = batch.NewEvents.Select((e, i) => (Stored: e, Record: batch.NewRecords[i])).ToList();
        foreach (var rule in rules.Rules)
        {
            var matching = records.Where(r => AlertRuleMatcher.Matches(rule, r.Record)).ToList();
            if (matching.Count == 0)
            {
                continue;
            }

            if (rule.Kind == AlertRuleKind.Event)
            {
                var summary = string.Join(", ", matching.Select(m => Api.Views.EventView.Summary(m.Stored)));
                await RaiseAsync(rule, batch.DeviceId, matching.Select(m => m.Stored.Sequence).ToList(), summary, cancellationToken).ConfigureAwait(false);
            }
            else if (rule.Kind == AlertRuleKind.Burst)
            {
                foreach (var (stored, _) in matching)
                {
                    if (bursts.Add(rule, batch.DeviceId, stored.DeviceTimeMs, stored.Sequence) is { } burst)
                    {
                        await RaiseAsync(rule, batch.DeviceId, burst, $"{burst.Count} events within {rule.WindowSeconds} s", cancellationToken).ConfigureAwait(false);
                    }
                }
            }
        }

        await _gaps.ExplainAsync(batch, cancellationToken).ConfigureAwait(false);
        await _silenceRecovery.OnIngestedAsync(batch, cancellationToken).ConfigureAwait(false);
        await _firmware.OnIngestedAsync(batch, cancellationToken).ConfigureAwait(false);
    }

    public Task OnAnomalyAsync(ChainAnomaly anomaly, CancellationToken cancellationToken) => OnAnomalyAsync(anomaly, null, cancellationToken);

    /// <summary>One message of <paramref name="deviceId"/> rejected by ingest: raises the rejection-burst rules it completes.</summary>
    public async Task OnRejectedAsync(string deviceId, string reason, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        foreach (var rule in rules.Rules.Where(r => r.Kind == AlertRuleKind.RejectionBurst))
        {
            if (_rejections.Add(rule, deviceId, now))
            {
                await RaiseAsync(rule, deviceId, [], $"{rule.Count} messages rejected within {rule.WindowSeconds} s (latest: {reason})", cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task OnAnomalyAsync(ChainAnomaly anomaly, VerifiedBatch? batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(anomaly);
        foreach (var rule in rules.Rules.Where(r => AlertRuleMatcher.Matches(r, anomaly)))
        {
            var alertId = await RaiseAsync(rule, anomaly.DeviceId, anomaly.Sequences, anomaly.Detail, cancellationToken).ConfigureAwait(false);
            await _gaps.RememberAsync(alertId, anomaly, batch, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Raises the silence rules for active devices that were heard from but sent no heartbeat for too long; returns how many alerts were raised.</summary>
    public async Task<int> SweepSilenceAsync(CancellationToken cancellationToken)
    {
        var silenceRules = rules.Rules.Where(r => r.Kind == AlertRuleKind.Silence).ToList();
        if (silenceRules.Count == 0)
        {
            return 0;
        }

        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var raised = 0;
        foreach (var device in await store.ListDevicesAsync(cancellationToken).ConfigureAwait(false))
        {
            if (device.Status != DeviceStatus.Active || (device.LastHeartbeatAtMs ?? device.LastSeenAtMs) is not { } lastAlive)
            {
                continue;
            }

            foreach (var rule in silenceRules)
            {
                var allowedMs = (long)rule.HeartbeatIntervalSeconds * rule.MissedIntervals * 1000;
                if (now - lastAlive <= allowedMs || await RaisedSinceAsync(device.DeviceId, rule.Id, lastAlive, cancellationToken).ConfigureAwait(false))
                {
                    continue;
                }

                var lastHeartbeat = await store.QueryEventsAsync(new EventQuery(DeviceId: device.DeviceId, Type: EventTypes.Heartbeat, Limit: 1), cancellationToken).ConfigureAwait(false);
                await RaiseAsync(rule, device.DeviceId, lastHeartbeat.Items.Select(e => e.Sequence).ToList(), $"last heartbeat or message {(now - lastAlive) / 1000} s ago", cancellationToken).ConfigureAwait(false);
                raised++;
            }
        }

        return raised;
    }

    /// <summary>
    /// Raises the certificate expiry rules for each certificate that expires within the rule's lead time (or
    /// has expired): one alert per certificate (its serial number), however often the sweep runs and whatever
    /// an analyst did with the alert; a renewed certificate is a new certificate. Returns how many were raised.
    /// </summary>
    public async Task<int> SweepCertificatesAsync(IReadOnlyList<TrackedCertificate> certificates, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(certificates);
        var now = time.GetUtcNow();
        var raised = 0;
        foreach (var rule in rules.Rules.Where(r => r.Kind == AlertRuleKind.CertificateExpiry))
        {
            foreach (var certificate in certificates.Where(c => c.NotAfter - now <= TimeSpan.FromDays(rule.LeadDays)))
            {
                var marker = CertificateMarker(certificate.SerialNumber);
                // Alerts raised before alerts had keys are found by their detail; newer ones by the key of the insert below.
                var earlier = await store.QueryAlertsAsync(new AlertQuery(DeviceId: certificate.Subject, Rule: rule.Id, Limit: 100), cancellationToken).ConfigureAwait(false);
                if (earlier.Items.Any(a => a.Detail.Contains(marker, StringComparison.Ordinal)))
                {
                    continue;
                }

                var left = certificate.NotAfter - now;
                var when = left <= TimeSpan.Zero
                    ? $"expired at {certificate.NotAfter.UtcDateTime:O}"
                    : $"expires at {certificate.NotAfter.UtcDateTime:O}, in {Math.Ceiling(left.TotalDays).ToString(System.Globalization.CultureInfo.InvariantCulture)} day(s)";
                var detail = $"the {certificate.Role} certificate of '{certificate.Subject}' ({marker}) {when}; renew it (docs/guide/pki.md, 'Renewing certificates')";
                var stamp = now.ToUnixTimeMilliseconds();
                // Keyed by the serial number for ever, not merged into an open alert of the rule: each certificate gets its
                // own alert, and of host instances sweeping at once only one raises it.
                var alert = await store.RaiseAlertAsync(
                    new AlertRecord(rule.Id, certificate.Subject, rule.Severity, rule.Title, detail, AlertStatus.New, stamp, stamp, []), AlertKey.Forever(marker), cancellationToken).ConfigureAwait(false);
                if (alert.Created)
                {
                    LogRaised(rule.Id, certificate.Subject, alert.Id);
                    raised++;
                }
            }

            await ResolveRenewedAsync(rule, certificates, now, cancellationToken).ConfigureAwait(false);
        }

        return raised;
    }

    /// <summary>
    /// Raises the attestation rules listing <paramref name="problem"/> for the device: one alert per incident, an open
    /// alert of the rule absorbing repeats (a device offline for a day is one late alert, not one per challenge).
    /// Returns how many rules raised or extended an alert.
    /// </summary>
    public async Task<int> OnAttestationProblemAsync(string deviceId, AttestationProblem problem, string detail, CancellationToken cancellationToken)
    {
        var raised = 0;
        foreach (var rule in rules.Rules.Where(r => r.Kind == AlertRuleKind.Attestation && r.AttestationProblems.Contains(problem)))
        {
            await RaiseAsync(rule, deviceId, [], detail, cancellationToken).ConfigureAwait(false);
            raised++;
        }

        return raised;
    }

    /// <summary>
    /// Resolves the rule's open alerts about a certificate its subject no longer uses: the subject's current
    /// certificate (in <paramref name="certificates"/>) has another serial number, so the old one was renewed.
    /// </summary>
    private async Task ResolveRenewedAsync(AlertRule rule, IReadOnlyList<TrackedCertificate> certificates, DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var current in certificates)
        {
            var marker = CertificateMarker(current.SerialNumber);
            foreach (var alert in await store.FindActiveAlertsAsync(current.Subject, rule.Id, cancellationToken).ConfigureAwait(false))
            {
                if (alert.Detail.Contains(marker, StringComparison.Ordinal))
                {
                    continue;
                }

                var note = $"; certificate renewed: the {current.Role} certificate in use now is {marker}, valid until {current.NotAfter.UtcDateTime:O}";
                if (await store.ResolveAlertAsync(alert.Id, note, now.ToUnixTimeMilliseconds(), cancellationToken).ConfigureAwait(false))
                {
                    LogRenewed(alert.Id, current.Subject);
                }
            }
        }
    }

    private static string CertificateMarker(string serialNumber) => "serial " + serialNumber.ToUpperInvariant();

    /// <summary>
    /// One silence, one alert: an alert of the rule raised since the device was last heard covers this silence
    /// whatever an analyst did with it since (acknowledged or closed), so the sweep does not raise it again.
    /// Strictly later: a silence alert is raised only once the allowed interval after the last message passed.
    /// </summary>
    private async Task<bool> RaisedSinceAsync(string deviceId, string rule, long lastAliveMs, CancellationToken cancellationToken)
    {
        var newest = await store.QueryAlertsAsync(new AlertQuery(DeviceId: deviceId, Rule: rule, Limit: 1), cancellationToken).ConfigureAwait(false);
        return newest.Items is [var alert] && alert.CreatedAtMs > lastAliveMs;
    }

    /// <summary>Raises the alert or extends the open one (one step of the store, so host instances raising at once make one alert); returns its id.</summary>
    private async Task<long> RaiseAsync(AlertRule rule, string deviceId, IReadOnlyList<long> sequences, string detail, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var alert = await store.RaiseAlertAsync(new AlertRecord(rule.Id, deviceId, rule.Severity, rule.Title, detail, AlertStatus.New, now, now, sequences), AlertKey.WhileNew(), cancellationToken).ConfigureAwait(false);
        if (alert.Created)
        {
            LogRaised(rule.Id, deviceId, alert.Id);
        }

        return alert.Id;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Certificate expiry alert {AlertId} of {Subject} resolved: the certificate was renewed")]
    private partial void LogRenewed(long alertId, string subject);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert {Rule} raised for device {DeviceId} (alert {AlertId})")]
    private partial void LogRaised(string rule, string deviceId, long alertId);
}
