using EdgeSecurity.Host.Alerts;
using EdgeSecurity.Host.Storage;
using EdgeSecurity.Host.Storage.Model;
using EdgeSecurity.Host.Tests.Support;
using Microsoft.Extensions.Logging;

namespace EdgeSecurity.Host.Tests.Alerts;

/// <summary>
/// The certificate expiry sweep as an analyst and operator see it: the exact edge of the lead time, the detail of
/// an expiring and an expired certificate, alerts raised before alerts had keys, and the renewal that resolves an
/// alert (and only the alert of the old certificate). Real SQLite store and engine, clock moved by hand.
/// </summary>
public sealed class CertificateSweepTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = DateTimeOffset.FromUnixTimeMilliseconds(1_790_000_000_000);
    private readonly TemporarySqliteStore _database = new("es-cert-sweep-");
    private readonly FakeTime _time = new(Start);
    private readonly CapturedLog _log = new(typeof(AlertEngine).Namespace!);
    private ILoggerFactory? _loggers;
    private AlertEngine? _engine;

    private ITelemetryStore Store => _database.Store;

    private AlertEngine Engine => _engine ?? throw new InvalidOperationException("Store not opened.");

    public async Task InitializeAsync()
    {
        await _database.MigrateAsync();
        _loggers = LoggerFactory.Create(logging => logging.AddProvider(_log));
        _engine = new AlertEngine(AlertRuleSet.Defaults(), Store, new BurstTracker(), _time, _loggers.CreateLogger<AlertEngine>());
    }

    public async Task DisposeAsync()
    {
        _loggers?.Dispose();
        await _database.DisposeAsync();
    }

    private async Task<List<AlertRecord>> AlertsAsync(string subject) =>
        [.. (await Store.QueryAlertsAsync(new AlertQuery(DeviceId: subject, Rule: DefaultAlertRules.CertificateExpiry), CancellationToken.None)).Items];

    private Task<int> SweepAsync(params TrackedCertificate[] certificates) => Engine.SweepCertificatesAsync(certificates, CancellationToken.None);

    [Fact]
    [Trait("Requirement", "SR-ID-005")]
    public async Task A_certificate_is_alerted_from_exactly_the_lead_time_before_its_expiry_and_the_detail_says_when()
    {
        var atEdge = new TrackedCertificate("d1", "device", "0a1b", Start.AddDays(30));
        var justOutside = new TrackedCertificate("d2", "device", "0C2D", Start.AddDays(30).AddMilliseconds(1));
        var halfDays = new TrackedCertificate("d3", "device", "0E", Start.AddDays(10.5));

        Assert.Equal(2, await SweepAsync(atEdge, justOutside, halfDays));

        var d1 = Assert.Single(await AlertsAsync("d1"));
        Assert.Equal(
            $"the device certificate of 'd1' (serial 0A1B) expires at {atEdge.NotAfter.UtcDateTime:O}, in 30 day(s); renew it (docs/guide/pki.md, 'Renewing certificates')",
            d1.Detail);
        Assert.Equal((AlertStatus.New, 3), (d1.Status, d1.Severity));
        Assert.Empty(await AlertsAsync("d2"));
        Assert.Contains("in 11 day(s)", Assert.Single(await AlertsAsync("d3")).Detail, StringComparison.Ordinal);
        Assert.Equal(
            [$"Alert {DefaultAlertRules.CertificateExpiry} raised for device d1 (alert {d1.Id})", $"Alert {DefaultAlertRules.CertificateExpiry} raised for device d3 (alert {(await AlertsAsync("d3"))[0].Id})"],
            _log.Text.Split('\n').Where(l => l.StartsWith("Alert ", StringComparison.Ordinal)));
    }

    [Fact]
    [Trait("Requirement", "SR-ID-005")]
    public async Task A_certificate_that_expires_now_or_expired_is_called_expired()
    {
        var now = new TrackedCertificate("broker", "broker", "77AA", Start);

        Assert.Equal(1, await SweepAsync(now));

        Assert.Equal(
            $"the broker certificate of 'broker' (serial 77AA) expired at {Start.UtcDateTime:O}; renew it (docs/guide/pki.md, 'Renewing certificates')",
            Assert.Single(await AlertsAsync("broker")).Detail);
    }

    [Fact]
    [Trait("Requirement", "SR-ID-005")]
    public async Task An_alert_raised_before_alerts_had_keys_is_found_by_its_detail_and_not_raised_again()
    {
        var stamp = Start.ToUnixTimeMilliseconds();
        await Store.InsertAlertAsync(
            new AlertRecord(DefaultAlertRules.CertificateExpiry, "d1", 3, "old", "the device certificate of 'd1' (serial 0A1B) expires soon", AlertStatus.Acknowledged, stamp, stamp, []),
            CancellationToken.None);

        Assert.Equal(0, await SweepAsync(new TrackedCertificate("d1", "device", "0A1B", Start.AddDays(3))));

        Assert.Equal("old", Assert.Single(await AlertsAsync("d1")).Title);
    }

    [Fact]
    [Trait("Requirement", "SR-ID-005")]
    public async Task A_renewal_resolves_the_old_certificate_s_alert_with_a_note_and_leaves_the_new_one_s_alert_open()
    {
        await SweepAsync(new TrackedCertificate("d1", "device", "01", Start.AddDays(10)));
        var old = Assert.Single(await AlertsAsync("d1"));

        // Renewed; the new certificate is itself inside the lead time (a short-lived one).
        _time.Advance(TimeSpan.FromDays(1));
        var renewed = new TrackedCertificate("d1", "device", "02", Start.AddDays(20));
        Assert.Equal(1, await SweepAsync(renewed));
        Assert.Equal(0, await SweepAsync(renewed));

        var alerts = await AlertsAsync("d1");
        var resolved = alerts.Single(a => a.Id == old.Id);
        Assert.Equal(AlertStatus.Resolved, resolved.Status);
        Assert.Equal(old.Detail + $"; certificate renewed: the device certificate in use now is serial 02, valid until {renewed.NotAfter.UtcDateTime:O}", resolved.Detail);
        Assert.Equal(_time.GetUtcNow().ToUnixTimeMilliseconds(), resolved.UpdatedAtMs);
        var current = alerts.Single(a => a.Id != old.Id);
        Assert.Equal(AlertStatus.New, current.Status);
        Assert.Contains("serial 02", current.Detail, StringComparison.Ordinal);
        Assert.Equal(
            $"Certificate expiry alert {old.Id} of d1 resolved: the certificate was renewed",
            Assert.Single(_log.Text.Split('\n'), l => l.StartsWith("Certificate expiry alert ", StringComparison.Ordinal)));
    }
}
