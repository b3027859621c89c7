using EdgeSecurity.Host.Alerts;
using EdgeSecurity.Host.Ingest;
using EdgeSecurity.Host.Storage;
using EdgeSecurity.Host.Storage.Model;
using EdgeSecurity.Host.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeSecurity.Host.Tests.Alerts;

/// <summary>The rule engine against a real (SQLite) store: alert creation, extension, silence sweeps.</summary>
public sealed class AlertEngineTests : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "es-alerts-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly FakeTime _time = new(DateTimeOffset.FromUnixTimeMilliseconds(1_790_000_000_000));
    private ITelemetryStore _store = null!;
    private AlertEngine _engine = null!;

    public async Task InitializeAsync()
    {
        _store = TelemetryStoreFactory.Sqlite(Path.Combine(_dir, "t.db"));
        await _store.MigrateAsync(CancellationToken.None);
        _engine = new AlertEngine(AlertRuleSet.Defaults(), _store, new BurstTracker(), _time, NullLogger<AlertEngine>.Instance);
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private async Task<List<AlertRecord>> AlertsAsync(string rule) =>
        [.. (await _store.QueryAlertsAsync(new AlertQuery(DeviceId: "d1", Rule: rule), CancellationToken.None)).Items];

    [Fact]
    [Trait("Requirement", "SR-ALERT-004")]
    public async Task An_open_alert_of_the_same_rule_and_device_is_extended_not_duplicated()
    {
        await _engine.OnAnomalyAsync(new ChainAnomaly(AnomalyKind.Conflict, "d1", [4], "first"), CancellationToken.None);
        await _engine.OnAnomalyAsync(new ChainAnomaly(AnomalyKind.Conflict, "d1", [9], "second"), CancellationToken.None);

        var alert = Assert.Single(await AlertsAsync(DefaultAlertRules.Replay));
        Assert.Equal([4L, 9L], alert.EventSequences.Order());

        // Once closed, the next occurrence is a new alert.
        await _store.SetAlertStatusAsync(alert.Id, AlertStatus.Resolved, 1, CancellationToken.None);
        await _engine.OnAnomalyAsync(new ChainAnomaly(AnomalyKind.Conflict, "d1", [12], "third"), CancellationToken.None);
        Assert.Equal(2, (await AlertsAsync(DefaultAlertRules.Replay)).Count);
    }

    [Fact]
    [Trait("Requirement", "SR-ALERT-005")]
    public async Task A_device_without_heartbeats_for_the_allowed_intervals_raises_the_silence_alert_once()
    {
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        await _store.UpsertDeviceAsync(new DeviceRecord("d1", DeviceStatus.Active, "esp32", now, null, null, null, null), CancellationToken.None);
        await _store.UpsertDeviceAsync(new DeviceRecord("never-seen", DeviceStatus.Active, "esp32", now, null, null, null, null), CancellationToken.None);
        await _store.TouchDeviceAsync("d1", now, heartbeat: true, CancellationToken.None);

        _time.Advance(TimeSpan.FromSeconds(180)); // exactly 3 × 60 s: still allowed
        Assert.Equal(0, await _engine.SweepSilenceAsync(CancellationToken.None));

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await _engine.SweepSilenceAsync(CancellationToken.None));
        Assert.Equal(0, await _engine.SweepSilenceAsync(CancellationToken.None));
        Assert.Single(await AlertsAsync(DefaultAlertRules.SilentDevice));
    }
}
