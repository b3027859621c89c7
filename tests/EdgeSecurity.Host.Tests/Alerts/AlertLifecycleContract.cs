using System.Security.Cryptography;
using EdgeSecurity.Firmware.Core.Events;
using EdgeSecurity.Firmware.Core.Upload;
using EdgeSecurity.Host.Alerts;
using EdgeSecurity.Host.Ingest;
using EdgeSecurity.Host.Storage;
using EdgeSecurity.Host.Storage.Model;
using EdgeSecurity.Host.Tests.Support;
using Microsoft.Extensions.Logging;

namespace EdgeSecurity.Host.Tests.Alerts;

/// <summary>
/// How alerts and device state follow what devices report later: a gap alert explained by a later drop
/// report, a silence alert ended by a heartbeat, the firmware version from boot events. Real chain verifier,
/// store and engine (<see cref="AlertPipeline"/>); run once per database.
/// </summary>
public abstract class AlertLifecycleContract : IAsyncLifetime
{
    private readonly FakeTime _time = new(DateTimeOffset.FromUnixTimeMilliseconds(1_790_000_000_000));
    private readonly Dictionary<string, byte[]> _keys = [];
    private readonly CapturedLog _log = new(typeof(AlertEngine).Namespace!);
    private ILoggerFactory? _loggers;
    private ITelemetryStore? _store;
    private AlertPipeline? _pipeline;

    private ITelemetryStore Store => _store ?? throw new InvalidOperationException("Store not opened.");

    private AlertPipeline Pipeline => _pipeline ?? throw new InvalidOperationException("Store not opened.");

    protected abstract Task<ITelemetryStore> OpenStoreAsync();

    public async Task InitializeAsync()
    {
        _store = await OpenStoreAsync();
        await Store.MigrateAsync(CancellationToken.None);
        _loggers = LoggerFactory.Create(logging => logging.AddProvider(_log));
        _pipeline = new AlertPipeline(Store, _time, _loggers.CreateLogger<AlertEngine>());
        foreach (var device in new[] { "d1", "d2" })
        {
            _keys[device] = RandomNumberGenerator.GetBytes(32);
            await Store.UpsertDeviceAsync(new DeviceRecord(device, DeviceStatus.Active, "esp32", 1, null, null, null, null), CancellationToken.None);
        }
    }

    public async Task DisposeAsync()
    {
        _loggers?.Dispose();
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }
    }

    private SimulatedJournal Journal(string deviceId) => new(deviceId, _keys[deviceId]);

    private Task<VerifiedBatch> DeliverAsync(SimulatedJournal journal, byte[] payload) => Pipeline.DeliverAsync(journal.DeviceId, payload, _keys[journal.DeviceId]);

    private async Task<List<AlertRecord>> AlertsAsync(string deviceId, string rule) =>
        [.. (await Store.QueryAlertsAsync(new AlertQuery(DeviceId: deviceId, Rule: rule), CancellationToken.None)).Items];

    private async Task<AlertRecord> AlertAsync(long id) =>
        (await Store.QueryAlertsAsync(new AlertQuery(Limit: 1000), CancellationToken.None)).Items.Single(a => a.Id == id);

    private static SecurityEvent Dropped(long first, long last) => SecurityEvents.RecordsDropped(0, (int)(last - first + 1), first, last, 0, last - first + 1, "journal full");

    private static SecurityEvent Boot(string version, int result = 0) => SecurityEvents.BootVerification(result, result == 0 ? "Verified" : "Failed", "a", version, string.Empty, 1);

    private long Now => _time.GetUtcNow().ToUnixTimeMilliseconds();

    // 1, 2 stored; 3 (and up to holeEnd) gone from the device, which sends the rest with its completeness statement.
    private async Task<(SimulatedJournal Journal, AlertRecord Gap)> GapAlertAsync(long holeEnd)
    {
        var journal = Journal("d1");
        journal.AppendHeartbeats((int)holeEnd + 2);
        await DeliverAsync(journal, journal.Batch(1, 1, 2));
        await DeliverAsync(journal, journal.CompleteBatch(2, coveredFrom: 3, [holeEnd + 1, holeEnd + 2]));
        var gap = Assert.Single(await AlertsAsync("d1", DefaultAlertRules.ChainGap));
        Assert.Equal(AlertStatus.New, gap.Status);
        Assert.Equal([holeEnd + 1], gap.EventSequences);
        Assert.Equal($"records after 2 and before {holeEnd + 1} are gone from the device (its batch is complete from 3) and no records-dropped event explains it", gap.Detail);
        return (journal, gap);
    }

    [Fact]
    [Trait("Requirement", "SR-ALERT-006")]
    public async Task A_gap_alert_is_resolved_when_a_later_drop_report_covers_the_hole_and_the_loss_stays_a_journal_drops_alert()
    {
        var (journal, gap) = await GapAlertAsync(holeEnd: 4);
        _time.Advance(TimeSpan.FromMinutes(5));
        var report = journal.Append(Dropped(3, 4)).Sequence;

        await DeliverAsync(journal, journal.Batch(3, report));

        var explained = await AlertAsync(gap.Id);
        Assert.Equal(AlertStatus.Resolved, explained.Status);
        Assert.Equal([5L, report], explained.EventSequences);
        Assert.Equal(Now, explained.UpdatedAtMs);
        Assert.Equal(
            gap.Detail + $"; explained at {_time.GetUtcNow():yyyy-MM-ddTHH:mm:ssZ}: records 3–4 are covered by the device's records-dropped report (sequence {report}, dropped 3–4), see the journal-drops alert",
            explained.Detail);
        Assert.Equal(gap.Severity, explained.Severity);
        var drops = Assert.Single(await AlertsAsync("d1", DefaultAlertRules.JournalDrops));
        Assert.Equal(AlertStatus.New, drops.Status);
        Assert.Equal([report], drops.EventSequences);
    }

    [Fact]
    [Trait("Requirement", "SR-ALERT-006")]
    public async Task A_drop_report_that_covers_only_part_of_the_hole_leaves_the_gap_alert_open()
    {
        var (journal, gap) = await GapAlertAsync(holeEnd: 4);
        var partial = journal.Append(Dropped(3, 3)).Sequence;
        var elsewhere = journal.Append(Dropped(5, 6)).Sequence;

        await DeliverAsync(journal, journal.Batch(3, partial, elsewhere));

        var unexplained = await AlertAsync(gap.Id);
        Assert.Equal((AlertStatus.New, gap.Detail), (unexplained.Status, unexplained.Detail));
        Assert.Equal([5L], unexplained.EventSequences);
        Assert.Equal([partial, elsewhere], Assert.Single(await AlertsAsync("d1", DefaultAlertRules.JournalDrops)).EventSequences);

        // A report covering the whole hole later still explains it.
        var whole = journal.Append(Dropped(2, 4)).Sequence;
        await DeliverAsync(journal, journal.Batch(4, whole));
        Assert.Equal(AlertStatus.Resolved, (await AlertAsync(gap.Id)).Status);
    }

    [Fact]
    [Trait("Requirement", "SR-ALERT-006")]
    public async Task A_gap_alert_with_two_holes_is_resolved_only_when_both_are_explained()
    {
        // 3 and 6 are gone: one batch holds both holes, the second one after a record of the same batch.
        var journal = Journal("d1");
        journal.AppendHeartbeats(7);
        await DeliverAsync(journal, journal.Batch(1, 1, 2));
        await DeliverAsync(journal, journal.CompleteBatch(2, coveredFrom: 3, [4, 5, 7]));
        var gap = Assert.Single(await AlertsAsync("d1", DefaultAlertRules.ChainGap));
        Assert.Equal([4L, 7], gap.EventSequences);

        var first = journal.Append(Dropped(3, 3)).Sequence;
        await DeliverAsync(journal, journal.Batch(3, first));
        var halfway = await AlertAsync(gap.Id);
        Assert.Equal(AlertStatus.New, halfway.Status);
        Assert.Contains("records 3–3 are covered", halfway.Detail, StringComparison.Ordinal);
        // The operator's log says an alert was resolved only when it was.
        Assert.DoesNotContain($"Gap alert {gap.Id} ", _log.Text, StringComparison.Ordinal);

        var second = journal.Append(Dropped(6, 6)).Sequence;
        await DeliverAsync(journal, journal.Batch(4, second));
        var explained = await AlertAsync(gap.Id);
        Assert.Equal(AlertStatus.Resolved, explained.Status);
        Assert.Contains("records 6–6 are covered", explained.Detail, StringComparison.Ordinal);
        Assert.Equal([4L, 7, first, second], explained.EventSequences);
        Assert.Equal(
            $"Gap alert {gap.Id} of device d1 resolved: its holes are covered by the records-dropped report at sequence {second}",
            Assert.Single(_log.Text.Split('\n'), l => l.StartsWith($"Gap alert {gap.Id} ", StringComparison.Ordinal)));
    }

    [Fact]
    [Trait("Requirement", "SR-ALERT-006")]
    public async Task A_drop_report_covering_the_records_before_a_forged_one_resolves_neither_the_chain_break_nor_the_explained_gap_alert()
    {
        // 1, 2 stored; 3 and 4 gone from the device; someone without the device's key sends 5.
        var journal = Journal("d1");
        journal.AppendHeartbeats(4);
        await DeliverAsync(journal, journal.Batch(1, 1, 2));
        journal.AppendForged(SecurityEvents.Heartbeat(100_000, 0, 0, 100, 65536, 0, 0, 0), RandomNumberGenerator.GetBytes(32));
        await DeliverAsync(journal, journal.Batch(2, 5));
        var chainBreak = Assert.Single(await AlertsAsync("d1", DefaultAlertRules.ChainBreak));

        // The device then reports 3 to 5 dropped: the report explains the hole before itself, at ingest.
        _time.Advance(TimeSpan.FromMinutes(5));
        var report = journal.Append(Dropped(3, 5)).Sequence;
        await DeliverAsync(journal, journal.Batch(3, report));

        // A drop report ends only gap alerts: the forged record was seen and stays an open chain-break alert.
        var forged = await AlertAsync(chainBreak.Id);
        Assert.Equal((AlertStatus.New, chainBreak.Detail, chainBreak.UpdatedAtMs), (forged.Status, forged.Detail, forged.UpdatedAtMs));
        Assert.Equal([5L], forged.EventSequences);
        var explainedGap = Assert.Single(await AlertsAsync("d1", DefaultAlertRules.ExplainedGap));
        Assert.Equal(AlertStatus.New, explainedGap.Status);
        Assert.DoesNotContain("explained at", explainedGap.Detail, StringComparison.Ordinal);
        Assert.Empty(await Store.FindUnexplainedGapsAsync("d1", CancellationToken.None));
    }

    [Fact]
    [Trait("Requirement", "SR-ALERT-006")]
    [Trait("Requirement", "SR-EVT-HOST-012")]
    public async Task A_gap_whose_records_another_instance_stored_before_the_alert_step_is_noted_on_the_open_alert_and_no_report_resolves_it()
    {
        // 1, 2 stored. The device sent 3 and 4 to another host instance, then lost them and sent 5 with its
        // completeness statement from 3 to this instance.
        var journal = Journal("d1");
        journal.AppendHeartbeats(5);
        await DeliverAsync(journal, journal.Batch(1, 1, 2));
        var otherInstance = new AlertPipeline(Store, _time);
        var late = await Pipeline.VerifyAsync("d1", journal.CompleteBatch(2, coveredFrom: 3, [5]), _keys["d1"]);
        Assert.Equal(AnomalyKind.UnexplainedGap, Assert.Single(late.Anomalies).Kind);

        // The other instance stores 3 and 4 after this one found them missing and before its alert step.
        await otherInstance.DeliverAsync("d1", journal.Batch(3, 3, 4), _keys["d1"]);
        _time.Advance(TimeSpan.FromMinutes(1));
        await Pipeline.StoreAndAlertAsync(late);

        // The alert is raised (the other instance may have raised it for a real hole), says that nothing is
        // missing before 5 any more, and stays open for an analyst; no hole is remembered for it.
        var gap = Assert.Single(await AlertsAsync("d1", DefaultAlertRules.ChainGap));
        Assert.Equal((AlertStatus.New, Now), (gap.Status, gap.UpdatedAtMs));
        Assert.Equal([5L], gap.EventSequences);
        Assert.Equal(
            late.Anomalies[0].Detail + $"; checked at {_time.GetUtcNow():yyyy-MM-ddTHH:mm:ssZ}: record 4, the one before 5, is stored by now (another host instance stored it after this gap was found), so no hole before 5 is left for a records-dropped report to explain; the device's stored records show whether any is still missing",
            gap.Detail);
        Assert.Empty(await Store.FindUnexplainedGapsAsync("d1", CancellationToken.None));

        // A later report of 3 and 4 dropped explains no hole of this alert: it stays as it is.
        _time.Advance(TimeSpan.FromMinutes(5));
        var report = journal.Append(Dropped(3, 4)).Sequence;
        await DeliverAsync(journal, journal.Batch(4, report));
        var open = await AlertAsync(gap.Id);
        Assert.Equal((AlertStatus.New, gap.Detail, gap.UpdatedAtMs), (open.Status, open.Detail, open.UpdatedAtMs));
        Assert.Equal([5L], open.EventSequences);
    }

    [Fact]
    [Trait("Requirement", "SR-ALERT-006")]
    public async Task A_gap_alert_an_analyst_closed_is_left_as_it_is_and_another_device_s_report_explains_nothing()
    {
        var (journal, gap) = await GapAlertAsync(holeEnd: 3);
        var other = Journal("d2");
        other.Append(Dropped(3, 3));
        await DeliverAsync(other, other.BatchAll(1));
        Assert.Equal(AlertStatus.New, (await AlertAsync(gap.Id)).Status);

        Assert.True(await Store.SetAlertStatusAsync(gap.Id, AlertStatus.Resolved, 7, CancellationToken.None));
        var report = journal.Append(Dropped(3, 3)).Sequence;
        await DeliverAsync(journal, journal.Batch(3, report));

        var closed = await AlertAsync(gap.Id);
        Assert.Equal((AlertStatus.Resolved, 7L, gap.Detail), (closed.Status, closed.UpdatedAtMs, closed.Detail));
        Assert.Equal([4L], closed.EventSequences);
    }

    [Fact]
    [Trait("Requirement", "SR-ALERT-007")]
    public async Task A_silence_alert_is_resolved_by_the_device_s_next_heartbeat_and_a_later_silence_raises_a_new_one()
    {
        var d1 = Journal("d1");
        var d2 = Journal("d2");
        d1.AppendHeartbeats(1);
        d2.AppendHeartbeats(1);
        await DeliverAsync(d1, d1.BatchAll(1));
        await DeliverAsync(d2, d2.BatchAll(1));
        _time.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(2, await Pipeline.Engine.SweepSilenceAsync(CancellationToken.None));
        var silence = Assert.Single(await AlertsAsync("d1", DefaultAlertRules.SilentDevice));

        // Another device's heartbeat and a non-heartbeat event of the device itself end nothing.
        d2.AppendHeartbeats(1);
        await DeliverAsync(d2, d2.Batch(2, 2));
        d1.Append(Boot("1.0"));
        await DeliverAsync(d1, d1.Batch(2, 2));
        Assert.Equal(AlertStatus.New, (await AlertAsync(silence.Id)).Status);
        Assert.Equal(AlertStatus.Resolved, Assert.Single(await AlertsAsync("d2", DefaultAlertRules.SilentDevice)).Status);

        // A heartbeat among the device's other events ends it, and the operator's log says so once.
        _time.Advance(TimeSpan.FromSeconds(30));
        d1.AppendHeartbeats(1);
        d1.Append(Boot("1.1"));
        await DeliverAsync(d1, d1.Batch(3, 3, 4));

        var resolved = await AlertAsync(silence.Id);
        Assert.Equal((AlertStatus.Resolved, Now), (resolved.Status, resolved.UpdatedAtMs));
        Assert.Equal(silence.Detail + $"; device heard again: heartbeat received at {_time.GetUtcNow():yyyy-MM-ddTHH:mm:ssZ}", resolved.Detail);
        Assert.Equal(
            $"Silence alert {silence.Id} resolved: device d1 sent a heartbeat again",
            Assert.Single(_log.Text.Split('\n'), l => l.StartsWith($"Silence alert {silence.Id} ", StringComparison.Ordinal)));
        Assert.Equal(0, await Pipeline.Engine.SweepSilenceAsync(CancellationToken.None));

        _time.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(2, await Pipeline.Engine.SweepSilenceAsync(CancellationToken.None));
        var alerts = await AlertsAsync("d1", DefaultAlertRules.SilentDevice);
        Assert.Equal([AlertStatus.New, AlertStatus.Resolved], alerts.Select(a => a.Status));
    }

    [Fact]
    [Trait("Requirement", "SR-ALERT-007")]
    public async Task A_heartbeat_resolves_an_acknowledged_silence_alert_but_not_one_an_analyst_closed()
    {
        var journal = Journal("d1");
        journal.AppendHeartbeats(3);
        await DeliverAsync(journal, journal.Batch(1, 1));
        _time.Advance(TimeSpan.FromMinutes(4));
        await Pipeline.Engine.SweepSilenceAsync(CancellationToken.None);
        var first = Assert.Single(await AlertsAsync("d1", DefaultAlertRules.SilentDevice));
        await Store.SetAlertStatusAsync(first.Id, AlertStatus.Resolved, 5, CancellationToken.None);
        await DeliverAsync(journal, journal.Batch(2, 2));

        _time.Advance(TimeSpan.FromMinutes(4));
        await Pipeline.Engine.SweepSilenceAsync(CancellationToken.None);
        var second = (await AlertsAsync("d1", DefaultAlertRules.SilentDevice))[0];
        Assert.NotEqual(first.Id, second.Id);
        await Store.SetAlertStatusAsync(second.Id, AlertStatus.Acknowledged, 6, CancellationToken.None);
        await DeliverAsync(journal, journal.Batch(3, 3));

        var closed = await AlertAsync(first.Id);
        Assert.Equal((AlertStatus.Resolved, 5L, first.Detail), (closed.Status, closed.UpdatedAtMs, closed.Detail));
        Assert.Equal(AlertStatus.Resolved, (await AlertAsync(second.Id)).Status);
    }

    [Theory]
    [Trait("Requirement", "SR-ALERT-007")]
    [InlineData(AlertStatus.Acknowledged)]
    [InlineData(AlertStatus.FalsePositive)]
    public async Task One_silence_raises_one_alert_whatever_the_analyst_did_with_it(AlertStatus analystStatus)
    {
        var journal = Journal("d1");
        journal.AppendHeartbeats(2);
        await DeliverAsync(journal, journal.Batch(1, 1));
        _time.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(1, await Pipeline.Engine.SweepSilenceAsync(CancellationToken.None));
        var alert = Assert.Single(await AlertsAsync("d1", DefaultAlertRules.SilentDevice));
        await Store.SetAlertStatusAsync(alert.Id, analystStatus, 5, CancellationToken.None);

        // Still the same silence: later sweeps add nothing.
        _time.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(0, await Pipeline.Engine.SweepSilenceAsync(CancellationToken.None));
        Assert.Single(await AlertsAsync("d1", DefaultAlertRules.SilentDevice));

        // Heard again, then silent again: a new silence, a new alert.
        await DeliverAsync(journal, journal.Batch(2, 2));
        _time.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(1, await Pipeline.Engine.SweepSilenceAsync(CancellationToken.None));
        Assert.Equal(2, (await AlertsAsync("d1", DefaultAlertRules.SilentDevice)).Count);
    }

    [Fact]
    [Trait("Requirement", "SR-ALERT-008")]
    public async Task The_firmware_version_is_the_one_the_newest_successful_boot_event_reports()
    {
        var journal = Journal("d1");
        journal.Append(Boot("1.0.0"));
        journal.AppendHeartbeats(1);
        journal.Append(Boot("1.1.0"));
        await DeliverAsync(journal, journal.BatchAll(1));
        Assert.Equal("1.1.0", (await Store.GetDeviceAsync("d1", CancellationToken.None))!.FirmwareVersion);

        // A failed verification (the image did not run) and a boot without a version change nothing.
        journal.Append(Boot("2.0.0", result: 1));
        journal.Append(Boot(string.Empty));
        await DeliverAsync(journal, journal.Batch(2, 4, 5));
        Assert.Equal("1.1.0", (await Store.GetDeviceAsync("d1", CancellationToken.None))!.FirmwareVersion);

        journal.Append(Boot("1.2.0"));
        await DeliverAsync(journal, journal.Batch(3, 6));
        var devices = await Store.ListDevicesAsync(CancellationToken.None);
        Assert.Equal(new (string, string?)[] { ("d1", "1.2.0"), ("d2", null) }, devices.Select(d => (d.DeviceId, d.FirmwareVersion)));
    }

    [Fact]
    [Trait("Requirement", "SR-ALERT-008")]
    public async Task An_older_boot_event_handled_after_a_newer_one_does_not_overwrite_the_version()
    {
        // Two host instances may run the alert step of consecutive batches out of order.
        var journal = Journal("d1");
        journal.Append(Boot("1.0.0"));
        journal.Append(Boot("1.1.0"));
        var older = Decoded(journal, 1);
        var newer = Decoded(journal, 2);

        await Pipeline.Engine.OnIngestedAsync(newer, CancellationToken.None);
        await Pipeline.Engine.OnIngestedAsync(older, CancellationToken.None);

        Assert.Equal("1.1.0", (await Store.GetDeviceAsync("d1", CancellationToken.None))!.FirmwareVersion);
        Assert.False(await Store.SetFirmwareVersionAsync("d1", "0.9.0", 1, CancellationToken.None));
        Assert.True(await Store.SetFirmwareVersionAsync("d1", "1.2.0", 3, CancellationToken.None));
        Assert.Equal("1.2.0", (await Store.GetDeviceAsync("d1", CancellationToken.None))!.FirmwareVersion);
    }

    private static VerifiedBatch Decoded(SimulatedJournal journal, long sequence)
    {
        var entry = EventBatchCodec.Decode(journal.Batch(1, sequence)).Entries[0];
        return new VerifiedBatch(journal.DeviceId, 1, [EventRecordMapper.ToStored(entry, 1)], null, sequence, 0, []) { NewRecords = [entry.Record] };
    }
}
