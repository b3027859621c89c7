using System.Security.Cryptography;
using EdgeSecurity.Host.Alerts;
using EdgeSecurity.Host.Configuration;
using EdgeSecurity.Host.Devices;
using EdgeSecurity.Host.Storage;
using EdgeSecurity.Host.Storage.Model;
using EdgeSecurity.Host.Tests.Support;
using EdgeSecurity.Pki;
using EdgeSecurity.Pki.Registry;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using HostDevice = EdgeSecurity.Host.Storage.Model.DeviceRecord;
using HostDeviceStatus = EdgeSecurity.Host.Storage.Model.DeviceStatus;
using RegistryDevice = EdgeSecurity.Pki.Registry.DeviceRecord;
using RegistryDeviceStatus = EdgeSecurity.Pki.Registry.DeviceStatus;

namespace EdgeSecurity.Host.Tests.Alerts;

/// <summary>
/// The two hosted services that run the sweeps no message triggers, as an operator relies on them: the
/// certificate sweeper raises an expiry alert at start and the silence sweeper a silence alert at its interval,
/// both keep running through a store or PKI file that fails for a moment (logging each failure) and raise the
/// alert at a later tick, and any other failure ends the service instead of being retried for ever. Real SQLite
/// store, engine and fleet registry file; the engine's clock is moved by hand, the timers run on short intervals.
/// </summary>
public sealed class AlertSweeperTests : IAsyncLifetime
{
    private const string SilenceFailed = "The silent-device sweep failed; retrying at the next interval";
    private const string CertificateFailed = "The certificate expiry sweep failed; retrying at the next interval";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);
    private static readonly DateTimeOffset Start = DateTimeOffset.FromUnixTimeMilliseconds(1_790_000_000_000);
    private readonly TemporarySqliteStore _database = new("es-sweepers-");
    private readonly FakeTime _time = new(Start);
    private readonly CapturedLog _log = new(typeof(AlertEngine).Namespace!);
    private ILoggerFactory? _loggers;

    private ITelemetryStore Store => _database.Store;

    private ILoggerFactory Loggers => _loggers ?? throw new InvalidOperationException("Store not opened.");

    private PkiLayout Layout => new(Path.Combine(_database.Directory, "pki"));

    public async Task InitializeAsync()
    {
        await _database.MigrateAsync();
        _loggers = LoggerFactory.Create(logging => logging.AddProvider(_log));
        Directory.CreateDirectory(Layout.Root);
    }

    public async Task DisposeAsync()
    {
        _loggers?.Dispose();
        await _database.DisposeAsync();
    }

    public static TheoryData<string, Exception> StoreFailures => new()
    {
        { "database error", new SqliteException("database is locked", 5) },
        { "I/O error", new IOException("disk I/O error") },
    };

    [Theory]
    [MemberData(nameof(StoreFailures))]
    [Trait("Requirement", "SR-ALERT-007")]
    public async Task The_silence_sweeper_survives_a_store_failure_logging_it_and_raises_the_alert_at_a_later_tick(string kind, Exception failure)
    {
        var (store, failing) = FailingStore.Wrap(Store, nameof(ITelemetryStore.ListDevicesAsync), failure);
        await SilentDeviceAsync("d1");
        using var sweeper = new SilentDeviceSweeper(Engine(store), Interval(silence: TimeSpan.FromMilliseconds(20)), Loggers.CreateLogger<SilentDeviceSweeper>());

        await sweeper.StartAsync(CancellationToken.None);
        var alert = await AlertWithinAsync("d1", DefaultAlertRules.SilentDevice);
        Assert.Equal(1, failing.Failed);
        Assert.Equal([SilenceFailed], Lines(SilenceFailed));
        Assert.StartsWith("last heartbeat or message 240 s ago", alert.Detail, StringComparison.Ordinal);

        // Still sweeping after the failure and the first alert: a device that goes silent later is alerted too.
        await SilentDeviceAsync("d2");
        await AlertWithinAsync("d2", DefaultAlertRules.SilentDevice);
        Assert.False(sweeper.ExecuteTask!.IsCompleted, $"{kind}: the sweeper ended with {sweeper.ExecuteTask.Status}");
        await sweeper.StopAsync(CancellationToken.None);
    }

    [Fact]
    [Trait("Requirement", "SR-ALERT-007")]
    public async Task The_silence_sweeper_ends_on_a_failure_that_is_not_a_passing_store_problem()
    {
        var bug = new InvalidOperationException("a bug, not an outage");
        var (store, _) = FailingStore.Wrap(Store, nameof(ITelemetryStore.ListDevicesAsync), bug, times: int.MaxValue);
        using var sweeper = new SilentDeviceSweeper(Engine(store), Interval(silence: TimeSpan.FromMilliseconds(20)), Loggers.CreateLogger<SilentDeviceSweeper>());

        await sweeper.StartAsync(CancellationToken.None);

        Assert.Same(bug, await Assert.ThrowsAsync<InvalidOperationException>(() => sweeper.ExecuteTask!.WaitAsync(Bound)));
        Assert.Empty(Lines(SilenceFailed));
    }

    [Fact]
    [Trait("Requirement", "SR-ID-005")]
    public async Task The_certificate_sweeper_raises_an_expiring_certificate_s_alert_at_start_without_waiting_an_interval()
    {
        WriteRegistry(("d1", Start.AddDays(10)), ("d2", Start.AddDays(90)));
        using var sweeper = CertificateSweeper(Store, TimeSpan.FromHours(1));

        await sweeper.StartAsync(CancellationToken.None);

        var alert = await AlertWithinAsync("d1", DefaultAlertRules.CertificateExpiry);
        Assert.Contains("the device certificate of 'd1' (serial 0D1)", alert.Detail, StringComparison.Ordinal);
        Assert.Empty(await AlertsAsync("d2", DefaultAlertRules.CertificateExpiry));
        Assert.False(sweeper.ExecuteTask!.IsCompleted, $"the sweeper ended with {sweeper.ExecuteTask.Status}");
        await sweeper.StopAsync(CancellationToken.None);
    }

    [Theory]
    [InlineData("database error")]
    [InlineData("I/O error")]
    [InlineData("fleet registry missing")]
    [InlineData("broker certificate unreadable")]
    [Trait("Requirement", "SR-ID-005")]
    public async Task The_certificate_sweeper_survives_a_store_or_PKI_file_failure_logging_it_and_raises_the_alert_at_a_later_tick(string kind)
    {
        var store = Store;
        Action repair = () => { };
        switch (kind)
        {
            case "database error":
                store = FailingStore.Wrap(Store, nameof(ITelemetryStore.QueryAlertsAsync), new SqliteException("database is locked", 5)).Store;
                break;
            case "I/O error":
                store = FailingStore.Wrap(Store, nameof(ITelemetryStore.QueryAlertsAsync), new IOException("disk I/O error")).Store;
                break;
            case "fleet registry missing":
                // A PkiException: the registry is being restored from a backup.
                repair = () => WriteRegistry(("d1", Start.AddDays(10)));
                break;
            case "broker certificate unreadable":
                // A CryptographicException: the broker's certificate is half written.
                File.WriteAllBytes(Layout.BrokerCertificate, [0x30, 0x82, 0x01]);
                repair = () => File.Delete(Layout.BrokerCertificate);
                break;
        }

        if (kind != "fleet registry missing")
        {
            WriteRegistry(("d1", Start.AddDays(10)));
        }

        using var sweeper = CertificateSweeper(store, TimeSpan.FromMilliseconds(20));
        await sweeper.StartAsync(CancellationToken.None);
        await WithinAsync(() => Task.FromResult(Lines(CertificateFailed).Count > 0), "the failure is logged");
        repair();

        await AlertWithinAsync("d1", DefaultAlertRules.CertificateExpiry);
        Assert.False(sweeper.ExecuteTask!.IsCompleted, $"{kind}: the sweeper ended with {sweeper.ExecuteTask.Status}");
        await sweeper.StopAsync(CancellationToken.None);
    }

    [Fact]
    [Trait("Requirement", "SR-ID-005")]
    public async Task The_certificate_sweeper_ends_on_a_failure_that_is_not_a_passing_store_or_file_problem()
    {
        WriteRegistry(("d1", Start.AddDays(10)));
        var bug = new InvalidOperationException("a bug, not an outage");
        var (store, _) = FailingStore.Wrap(Store, nameof(ITelemetryStore.QueryAlertsAsync), bug, times: int.MaxValue);
        using var sweeper = CertificateSweeper(store, TimeSpan.FromMilliseconds(20));

        await sweeper.StartAsync(CancellationToken.None);

        Assert.Same(bug, await Assert.ThrowsAsync<InvalidOperationException>(() => sweeper.ExecuteTask!.WaitAsync(Bound)));
        Assert.Empty(Lines(CertificateFailed));
    }

    private AlertEngine Engine(ITelemetryStore store) =>
        new(AlertRuleSet.Defaults(), store, new BurstTracker(), _time, Loggers.CreateLogger<AlertEngine>());

    private CertificateExpirySweeper CertificateSweeper(ITelemetryStore store, TimeSpan interval) =>
        new(Engine(store), new CertificateInventory(Layout), Interval(certificates: interval), Loggers.CreateLogger<CertificateExpirySweeper>());

    private static IOptions<EdgeSecurityHostOptions> Interval(TimeSpan? silence = null, TimeSpan? certificates = null)
    {
        var options = new EdgeSecurityHostOptions();
        options.SilenceSweepInterval = silence ?? options.SilenceSweepInterval;
        options.CertificateSweepInterval = certificates ?? options.CertificateSweepInterval;
        return Options.Create(options);
    }

    /// <summary>An active device last heard now, then the clock moved past the default silence rule's 180 s.</summary>
    private async Task SilentDeviceAsync(string deviceId)
    {
        await Store.UpsertDeviceAsync(new HostDevice(deviceId, HostDeviceStatus.Active, "esp32", 1, null, null, null, null), CancellationToken.None);
        await Store.TouchDeviceAsync(deviceId, _time.GetUtcNow().ToUnixTimeMilliseconds(), heartbeat: true, CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(4));
    }

    private void WriteRegistry(params (string Id, DateTimeOffset NotAfter)[] devices)
    {
        var registry = new FleetRegistry();
        foreach (var (id, notAfter) in devices)
        {
            registry.Devices.Add(new RegistryDevice
            {
                Id = id,
                Status = RegistryDeviceStatus.Active,
                SerialNumber = "0" + id.ToUpperInvariant(),
                Thumbprint = Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(id))),
                NotAfter = notAfter,
            });
        }

        FleetRegistryFile.Save(Layout, registry);
    }

    private List<string> Lines(string message) => [.. _log.Text.Split('\n').Where(l => l == message)];

    private async Task<IReadOnlyList<AlertRecord>> AlertsAsync(string subject, string rule) =>
        (await Store.QueryAlertsAsync(new AlertQuery(DeviceId: subject, Rule: rule), CancellationToken.None)).Items;

    private async Task<AlertRecord> AlertWithinAsync(string subject, string rule)
    {
        await WithinAsync(async () => (await AlertsAsync(subject, rule)).Count > 0, $"a {rule} alert for {subject}");
        return Assert.Single(await AlertsAsync(subject, rule));
    }

    private async Task WithinAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Bound;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Not seen within {Bound.TotalSeconds} s: {what}. Log:\n{_log.Text}");
            await Task.Delay(10);
        }
    }
}
