using EdgeSecurity.Host.Alerts;
using EdgeSecurity.Host.Devices;
using EdgeSecurity.Host.Storage;
using EdgeSecurity.Host.Storage.Model;
using EdgeSecurity.Host.Tests.Support;
using EdgeSecurity.Pki;
using EdgeSecurity.Pki.Provisioning;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeSecurity.Host.Tests.Identity;

/// <summary>
/// Certificate lifetime on the host: the inventory read from a real fleet PKI, the expiry alerts (lead time,
/// one per certificate however often the sweep runs) on a real SQLite store, and the device's expiry in the store.
/// </summary>
public sealed class CertificateExpiryTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = DateTimeOffset.FromUnixTimeMilliseconds(1_790_000_000_000);
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "es-certs-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly FakeTime _time = new(Start);
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

    [Fact]
    [Trait("Requirement", "SR-ID-005")]
    public async Task A_certificate_inside_the_lead_time_raises_one_alert_however_often_the_sweep_runs()
    {
        TrackedCertificate[] certificates =
        [
            new("d1", "device", "0A1B", Start.AddDays(10)),
            new("d2", "device", "0C2D", Start.AddDays(60)),
            new("broker", "broker", "77AA", Start.AddDays(-1)),
        ];

        Assert.Equal(2, await _engine.SweepCertificatesAsync(certificates, CancellationToken.None));
        _time.Advance(TimeSpan.FromDays(1));
        Assert.Equal(0, await _engine.SweepCertificatesAsync(certificates, CancellationToken.None));

        var d1 = Assert.Single(await AlertsAsync("d1"));
        Assert.Contains("serial 0A1B", d1.Detail, StringComparison.Ordinal);
        Assert.Contains("in 10 day(s)", d1.Detail, StringComparison.Ordinal);
        Assert.Contains("expired", Assert.Single(await AlertsAsync("broker")).Detail, StringComparison.Ordinal);
        Assert.Empty(await AlertsAsync("d2"));

        // d2 enters the lead time later: its own alert, once.
        _time.Advance(TimeSpan.FromDays(30));
        Assert.Equal(1, await _engine.SweepCertificatesAsync(certificates, CancellationToken.None));
        Assert.Single(await AlertsAsync("d2"));
    }

    [Fact]
    [Trait("Requirement", "SR-ID-005")]
    public async Task A_renewed_certificate_is_a_new_certificate_and_the_lead_time_is_the_rules()
    {
        var rules = AlertRuleSet.Defaults();
        rules.Rules.Single(r => r.Id == DefaultAlertRules.CertificateExpiry).LeadDays = 5;
        var engine = new AlertEngine(rules, _store, new BurstTracker(), _time, NullLogger<AlertEngine>.Instance);

        Assert.Equal(0, await engine.SweepCertificatesAsync([new("d1", "device", "01", Start.AddDays(10))], CancellationToken.None));
        _time.Advance(TimeSpan.FromDays(6));
        Assert.Equal(1, await engine.SweepCertificatesAsync([new("d1", "device", "01", Start.AddDays(10))], CancellationToken.None));

        // Renewed, and the new one later nears its own expiry while the first alert is still open.
        Assert.Equal(1, await engine.SweepCertificatesAsync([new("d1", "device", "02", _time.GetUtcNow().AddDays(2))], CancellationToken.None));
        Assert.Equal(2, (await AlertsAsync("d1")).Count);
    }

    [Fact]
    [Trait("Requirement", "SR-ID-005")]
    public void The_inventory_reads_device_broker_and_service_certificates_from_the_fleet_pki()
    {
        var pki = new PkiLayout(Path.Combine(_dir, "pki"));
        FleetPki.Initialize(new PkiInitOptions { Directory = pki.Root, ValidityDays = 400 });
        var trustRoot = Path.Combine(_dir, "trustroot.bin");
        File.WriteAllBytes(trustRoot, [1, 2, 3]);
        var enrolled = DeviceEnrollment.Enroll(new EnrollmentOptions
        {
            PkiDirectory = pki.Root,
            DeviceIds = ["dev-x"],
            BrokerHost = "localhost",
            BrokerPort = 8883,
            TrustRootPath = trustRoot,
            OutputDirectory = Path.Combine(_dir, "packages"),
            ValidityDays = 20,
        });

        var inventory = new CertificateInventory(pki).Read();

        var device = Assert.Single(inventory, c => c.Role == "device");
        Assert.Equal(("dev-x", enrolled[0].SerialNumber), (device.Subject, device.SerialNumber));
        Assert.InRange(device.NotAfter, DateTimeOffset.UtcNow.AddDays(19), DateTimeOffset.UtcNow.AddDays(21));
        Assert.InRange(Assert.Single(inventory, c => c.Role == "broker").NotAfter, DateTimeOffset.UtcNow.AddDays(399), DateTimeOffset.UtcNow.AddDays(401));
        Assert.Single(inventory, c => c.Role == "host service");
    }

    [Fact]
    [Trait("Requirement", "SR-ID-005")]
    public async Task The_device_record_carries_its_certificate_expiry()
    {
        var expires = Start.AddDays(90);
        await _store.UpsertDeviceAsync(new DeviceRecord("d9", DeviceStatus.Active, "esp32", Start.ToUnixTimeMilliseconds(), null, null, null, null) { CertificateExpiresAt = expires }, CancellationToken.None);

        Assert.Equal(expires, (await _store.GetDeviceAsync("d9", CancellationToken.None))!.CertificateExpiresAt);
    }

    private async Task<List<AlertRecord>> AlertsAsync(string subject) =>
        [.. (await _store.QueryAlertsAsync(new AlertQuery(DeviceId: subject, Rule: DefaultAlertRules.CertificateExpiry), CancellationToken.None)).Items];
}
