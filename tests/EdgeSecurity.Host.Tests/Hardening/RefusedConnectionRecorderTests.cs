using EdgeSecurity.Broker.Supervision;
using EdgeSecurity.Host.Api;
using EdgeSecurity.Host.Configuration;
using EdgeSecurity.Host.Hosting;
using EdgeSecurity.Host.Storage;
using EdgeSecurity.Host.Storage.Model;
using EdgeSecurity.Host.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeSecurity.Host.Tests.Hardening;

/// <summary>
/// The aggregation of refused broker connections on a real SQLite store with a hand-moved clock: a flood
/// costs a bounded number of rows and alerts, and every attempt stays counted.
/// </summary>
public sealed class RefusedConnectionRecorderTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = DateTimeOffset.FromUnixTimeMilliseconds(1_790_000_000_000);
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "es-refused-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly FakeTime _time = new(Start);
    private ITelemetryStore _store = null!;
    private RefusedConnectionRecorder _recorder = null!;

    public async Task InitializeAsync()
    {
        _store = TelemetryStoreFactory.Sqlite(Path.Combine(_dir, "t.db"));
        await _store.MigrateAsync(CancellationToken.None);
        var options = new EdgeSecurityHostOptions();
        options.Broker.RefusalWindow = TimeSpan.FromSeconds(60);
        _recorder = new RefusedConnectionRecorder(_store, _time, Microsoft.Extensions.Options.Options.Create(options), NullLogger<RefusedConnectionRecorder>.Instance);
    }

    public async Task DisposeAsync()
    {
        _recorder.Dispose();
        await _store.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    [Trait("Requirement", "SR-BRK-015")]
    public async Task A_flood_from_one_address_is_two_events_and_one_alert_per_window_and_counts_every_attempt()
    {
        for (int i = 0; i < 5000; i++)
        {
            _recorder.Add(Refusal("198.51.100.7", i % 2 == 0 ? RefusalReason.CertificateRejected : RefusalReason.NoCertificate));
            if (i % 1000 == 0)
            {
                await _recorder.FlushAsync(all: false, CancellationToken.None);
            }
        }

        _time.Advance(TimeSpan.FromSeconds(61));
        await _recorder.FlushAsync(all: false, CancellationToken.None);

        var events = await EventsAsync();
        Assert.Equal(4, events.Count); // per reason: the first at once, the rest as one counted row
        Assert.Equal(5000, events.Sum(Attempts));
        var alerts = await AlertsAsync();
        Assert.Equal(2, alerts.Count);
        Assert.All(alerts, a => Assert.Equal(2, a.EventSequences.Count));

        // The next window of the same source and reason extends the alert while it is new.
        _recorder.Add(Refusal("198.51.100.7", RefusalReason.CertificateRejected));
        await _recorder.FlushAsync(all: true, CancellationToken.None);
        Assert.Equal(2, (await AlertsAsync()).Count);
        Assert.Equal(5001, (await EventsAsync()).Sum(Attempts));
    }

    [Fact]
    [Trait("Requirement", "SR-BRK-015")]
    public async Task Attempts_from_more_addresses_than_the_bound_share_one_window_and_nothing_is_lost()
    {
        int sources = RefusedConnectionRecorder.MaxSources + 500;
        for (int i = 0; i < sources; i++)
        {
            _recorder.Add(Refusal($"10.{i / 65536}.{i / 256 % 256}.{i % 256}", RefusalReason.CertificateRejected));
        }

        await _recorder.FlushAsync(all: true, CancellationToken.None);

        var events = await EventsAsync();
        Assert.Equal(RefusedConnectionRecorder.MaxSources + 2, events.Count);
        Assert.Equal(sources, events.Sum(Attempts));
        Assert.Equal(2, events.Count(e => e.SourceAddress == RefusedConnectionRecorder.OtherAddresses));
        Assert.Equal(RefusedConnectionRecorder.MaxSources + 1, (await AlertsAsync()).Count);
    }

    // The first of a window is one attempt; a counted row says how many more.
    private static int Attempts(HostEventRecord e) =>
        e.Detail.EndsWith(')') && e.Detail.Contains(" more connections refused ", StringComparison.Ordinal)
            ? int.Parse(e.Detail[..e.Detail.IndexOf(' ', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture)
            : 1;

    private RefusedConnection Refusal(string address, RefusalReason reason) =>
        new(_time.GetUtcNow(), address, 40000, 8883, reason, reason == RefusalReason.NoCertificate ? "peer did not return a certificate" : "certificate verify failed");

    private async Task<IReadOnlyList<HostEventRecord>> EventsAsync()
    {
        var all = new List<HostEventRecord>();
        string? cursor = null;
        do
        {
            var page = await _store.QueryHostEventsAsync(new HostEventQuery(Type: HostSecurityEvents.BrokerConnectionRefused, Cursor: cursor, Limit: 1000), CancellationToken.None);
            all.AddRange(page.Items);
            cursor = page.NextCursor;
        }
        while (cursor is not null);
        return all;
    }

    private async Task<IReadOnlyList<AlertRecord>> AlertsAsync()
    {
        var all = new List<AlertRecord>();
        string? cursor = null;
        do
        {
            var page = await _store.QueryAlertsAsync(new AlertQuery(HostSecurityEvents.HostDeviceId, RefusedConnectionRecorder.AlertRule, Cursor: cursor, Limit: 1000), CancellationToken.None);
            all.AddRange(page.Items);
            cursor = page.NextCursor;
        }
        while (cursor is not null);
        return all;
    }
}
