using EdgeSecurity.Host.Alerts;
using EdgeSecurity.Host.Configuration;
using EdgeSecurity.Host.Ingest;
using EdgeSecurity.Host.Storage;
using EdgeSecurity.Host.Storage.Model;
using EdgeSecurity.Host.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EdgeSecurity.Host.Tests.Ingest;

/// <summary>
/// How rejected messages are counted (decision 212 and SR-EVT-HOST-014): per device and reason, a window's first
/// rejection is stored at once and the rest of the window as one row when it ends, so that every message is counted
/// in a few writes. Real SQLite store and alert engine, a clock moved by hand; the rows are read from the database.
/// </summary>
public sealed class RejectionRecorderTests : IAsyncLifetime
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(10);
    private readonly TemporarySqliteStore _database = new("es-rejections-");
    private readonly FakeTime _time = new(DateTimeOffset.FromUnixTimeMilliseconds(1_790_000_000_000));
    private readonly CapturedLog _log = new(typeof(RejectionRecorder).FullName!);
    private readonly ILoggerFactory _loggers;
    private RejectionRecorder? _recorder;

    public RejectionRecorderTests() => _loggers = LoggerFactory.Create(logging => logging.AddProvider(_log));

    private ITelemetryStore Store => _database.Store;

    private RejectionRecorder Recorder => _recorder ?? throw new InvalidOperationException("Store not opened.");

    private string DatabasePath => _database.DatabasePath;

    private long Now => _time.GetUtcNow().ToUnixTimeMilliseconds();

    public async Task InitializeAsync()
    {
        await _database.MigrateAsync();
        await Store.UpsertDeviceAsync(new DeviceRecord("d1", DeviceStatus.Active, "esp32", 1, null, null, null, null), CancellationToken.None);
        var options = new EdgeSecurityHostOptions();
        options.Ingest.RejectionWindow = Window;
        var alerts = new AlertEngine(AlertRuleSet.Defaults(), Store, new BurstTracker(), _time, NullLogger<AlertEngine>.Instance);
        _recorder = new RejectionRecorder(Store, alerts, _time, Options.Create(options), _loggers.CreateLogger<RejectionRecorder>());
    }

    public async Task DisposeAsync()
    {
        _recorder?.Dispose();
        _loggers.Dispose();
        await _database.DisposeAsync();
    }

    [Fact]
    [Trait("Requirement", "SR-EVT-HOST-014")]
    public async Task A_window_s_first_rejection_is_stored_at_once_and_the_rest_as_one_row_when_the_next_window_starts()
    {
        var start = Now;
        Assert.True(await Recorder.RecordAsync("d1", RejectionReasons.ForgedRecord, 100, CancellationToken.None));
        _time.Advance(TimeSpan.FromSeconds(1));
        var firstFollower = Now;
        Assert.False(await Recorder.RecordAsync("d1", RejectionReasons.ForgedRecord, 20, CancellationToken.None));
        _time.Advance(TimeSpan.FromSeconds(8));
        Assert.False(await Recorder.RecordAsync("d1", RejectionReasons.ForgedRecord, 3, CancellationToken.None));
        Assert.Equal([Row("d1", RejectionReasons.ForgedRecord, 100, start, 1)], await RowsAsync());

        // Exactly one window later: a new window, and the old one's followers go in as one row.
        _time.Advance(Window - TimeSpan.FromSeconds(9));
        Assert.True(await Recorder.RecordAsync("d1", RejectionReasons.ForgedRecord, 7, CancellationToken.None));

        Assert.Equal(
            [Row("d1", RejectionReasons.ForgedRecord, 100, start, 1), Row("d1", RejectionReasons.ForgedRecord, 23, firstFollower, 2), Row("d1", RejectionReasons.ForgedRecord, 7, Now, 1)],
            await RowsAsync());
        Assert.Equal(4, await Store.CountRejectionsAsync(RejectionReasons.ForgedRecord, CancellationToken.None));
    }

    [Fact]
    [Trait("Requirement", "SR-EVT-HOST-014")]
    public async Task The_operator_s_log_names_a_window_s_first_rejection_at_once_and_the_rest_in_one_line_when_it_ends()
    {
        await Recorder.RecordAsync("d1", RejectionReasons.ForgedRecord, 100, CancellationToken.None);
        await Recorder.RecordAsync(null, RejectionReasons.NotAnEventTopic, 10, CancellationToken.None);
        await Recorder.RecordAsync("d1", RejectionReasons.ForgedRecord, 20, CancellationToken.None);
        await Recorder.RecordAsync("d1", RejectionReasons.ForgedRecord, 3, CancellationToken.None);
        await Recorder.RecordAsync(null, RejectionReasons.NotAnEventTopic, 4, CancellationToken.None);
        Assert.Equal(
            ["Rejected a message from device d1: forged-record (100 bytes)", "Rejected a message from device (none): not-an-event-topic (10 bytes)"],
            _log.Text.Split('\n'));

        await Recorder.StopAsync(CancellationToken.None);

        Assert.Equal(
            ["Rejected 1 more messages from device (none): not-an-event-topic (4 bytes in all)", "Rejected 2 more messages from device d1: forged-record (23 bytes in all)"],
            _log.Text.Split('\n').Skip(2).Order(StringComparer.Ordinal));
    }

    [Fact]
    [Trait("Requirement", "SR-EVT-HOST-014")]
    public async Task A_running_recorder_stores_an_ended_window_once_on_its_own_and_stopping_ends_its_loop()
    {
        await Recorder.StartAsync(CancellationToken.None);
        await Recorder.RecordAsync("d1", RejectionReasons.ForgedRecord, 10, CancellationToken.None);
        await Recorder.RecordAsync("d1", RejectionReasons.ForgedRecord, 5, CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(9));
        await Task.Delay(TimeSpan.FromSeconds(2)); // the loop looks every second: the window is not over yet
        Assert.Single(await RowsAsync());

        _time.Advance(TimeSpan.FromSeconds(1));
        for (var waited = 0; (await RowsAsync()).Count < 2 && waited < 300; waited++)
        {
            await Task.Delay(100);
        }

        Assert.Equal(2, (await RowsAsync()).Count);
        // The stored window is gone: the next rejection starts a new one instead of counting the old one again.
        Assert.True(await Recorder.RecordAsync("d1", RejectionReasons.ForgedRecord, 1, CancellationToken.None));
        await Recorder.StopAsync(CancellationToken.None);
        Assert.True(Recorder.ExecuteTask!.IsCompleted);
        Assert.Equal(3, await Store.CountRejectionsAsync(null, CancellationToken.None));
        Assert.Equal(3, (await RowsAsync()).Count);
    }

    [Fact]
    [Trait("Requirement", "SR-EVT-HOST-014")]
    public async Task Devices_and_reasons_count_apart_and_stopping_stores_every_open_window()
    {
        Assert.True(await Recorder.RecordAsync("d1", RejectionReasons.ForgedRecord, 10, CancellationToken.None));
        Assert.True(await Recorder.RecordAsync("d2", RejectionReasons.ForgedRecord, 10, CancellationToken.None));
        Assert.True(await Recorder.RecordAsync("d1", RejectionReasons.Impersonation, 10, CancellationToken.None));
        Assert.True(await Recorder.RecordAsync(null, RejectionReasons.NotAnEventTopic, 10, CancellationToken.None));
        Assert.False(await Recorder.RecordAsync("d1", RejectionReasons.ForgedRecord, 5, CancellationToken.None));
        Assert.False(await Recorder.RecordAsync(null, RejectionReasons.NotAnEventTopic, 6, CancellationToken.None));
        Assert.False(await Recorder.RecordAsync(null, RejectionReasons.NotAnEventTopic, 7, CancellationToken.None));
        Assert.Equal(4, (await RowsAsync()).Count);

        await Recorder.StopAsync(CancellationToken.None);

        var rows = await RowsAsync();
        Assert.Equal(6, rows.Count);
        Assert.Contains(Row("d1", RejectionReasons.ForgedRecord, 5, Now, 1), rows);
        Assert.Contains(Row(null, RejectionReasons.NotAnEventTopic, 13, Now, 2), rows);
        Assert.Equal(7, await Store.CountRejectionsAsync(null, CancellationToken.None));
    }

    [Fact]
    [Trait("Requirement", "SR-EVT-HOST-014")]
    public async Task Ending_a_device_s_windows_of_a_reason_prefix_stores_them_and_leaves_the_others_open()
    {
        var attestation = RejectionReasons.AttestationPrefix + "stale";
        await Recorder.RecordAsync("d1", attestation, 1, CancellationToken.None);
        await Recorder.RecordAsync("d1", attestation, 2, CancellationToken.None);
        await Recorder.RecordAsync("d1", RejectionReasons.ForgedRecord, 1, CancellationToken.None);
        await Recorder.RecordAsync("d1", RejectionReasons.ForgedRecord, 4, CancellationToken.None);
        await Recorder.RecordAsync("d2", attestation, 1, CancellationToken.None);
        await Recorder.RecordAsync("d2", attestation, 8, CancellationToken.None);

        await Recorder.EndWindowsAsync("d1", RejectionReasons.AttestationPrefix, CancellationToken.None);

        Assert.Contains(Row("d1", attestation, 2, Now, 1), await RowsAsync());
        Assert.Equal(4, (await RowsAsync()).Count);
        Assert.True(await Recorder.RecordAsync("d1", attestation, 3, CancellationToken.None)); // a window's first again
        Assert.False(await Recorder.RecordAsync("d2", attestation, 3, CancellationToken.None));
        Assert.False(await Recorder.RecordAsync("d1", RejectionReasons.ForgedRecord, 3, CancellationToken.None));
    }

    [Fact]
    [Trait("Requirement", "SR-EVT-HOST-014")]
    public async Task A_flood_from_one_device_raises_the_rejection_flood_alert_and_one_without_a_device_raises_none()
    {
        for (var i = 0; i < 100; i++)
        {
            await Recorder.RecordAsync("d1", RejectionReasons.ForgedRecord, 1, CancellationToken.None);
            await Recorder.RecordAsync(null, RejectionReasons.NotAnEventTopic, 1, CancellationToken.None);
        }

        var alerts = (await Store.QueryAlertsAsync(new AlertQuery(Rule: DefaultAlertRules.RejectionFlood), CancellationToken.None)).Items;
        Assert.Equal("d1", Assert.Single(alerts).DeviceId);
    }

    private static (string? Device, string Reason, long Bytes, long At, long Messages) Row(string? device, string reason, long bytes, long at, long messages) =>
        (device, reason, bytes, at, messages);

    private async Task<List<(string? Device, string Reason, long Bytes, long At, long Messages)>> RowsAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Mode=ReadOnly");
        await connection.OpenAsync();
        await using var query = connection.CreateCommand();
        query.CommandText = "SELECT device_id, reason, payload_bytes, at, messages FROM rejections ORDER BY id";
        await using var reader = await query.ExecuteReaderAsync();
        var rows = new List<(string?, string, long, long, long)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.IsDBNull(0) ? null : reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4)));
        }

        return rows;
    }
}
