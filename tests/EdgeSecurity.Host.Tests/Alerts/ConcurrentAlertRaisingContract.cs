using EdgeSecurity.Broker.Supervision;
using EdgeSecurity.Host.Alerts;
using EdgeSecurity.Host.Api;
using EdgeSecurity.Host.Configuration;
using EdgeSecurity.Host.Devices;
using EdgeSecurity.Host.Hosting;
using EdgeSecurity.Host.Storage;
using EdgeSecurity.Host.Storage.Model;
using EdgeSecurity.Host.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeSecurity.Host.Tests.Alerts;

/// <summary>
/// Two host instances on one database (two stores, each with its own connections and, on SQLite, its own writer
/// lock) raising the same alerts at the same moment: every rule that raises from several instances makes one alert.
/// Each round starts its raisers together behind a barrier, so their checks and inserts interleave. Run once per
/// database.
/// </summary>
public abstract class ConcurrentAlertRaisingContract : IAsyncLifetime
{
    private const int Rounds = 6;
    private const int RaisersPerInstance = 3;
    private static readonly DateTimeOffset Start = DateTimeOffset.FromUnixTimeMilliseconds(1_790_000_000_000);
    private readonly FakeTime _time = new(Start);
    private ITelemetryStore[] _stores = [];

    /// <summary>Opens a store on the test's database; called once per host instance, all on the same database.</summary>
    protected abstract Task<ITelemetryStore> OpenStoreAsync();

    /// <summary>Creates the test's database.</summary>
    protected abstract Task CreateDatabaseAsync();

    public async Task InitializeAsync()
    {
        await CreateDatabaseAsync();
        var first = await OpenStoreAsync();
        await first.MigrateAsync(CancellationToken.None);
        _stores = [first, await OpenStoreAsync()];
        await _stores[1].MigrateAsync(CancellationToken.None);
        for (int d = 0; d < 8; d++)
        {
            await first.UpsertDeviceAsync(new DeviceRecord(Device(d), DeviceStatus.Active, "esp32", 1, null, null, null, null), CancellationToken.None);
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }
    }

    private static string Device(int d) => $"d{d}";

    private ITelemetryStore Store => _stores[0];

    private AlertEngine Engine(int instance) => new(AlertRuleSet.Defaults(), _stores[instance], new BurstTracker(), _time, NullLogger<AlertEngine>.Instance);

    /// <summary>Runs <see cref="RaisersPerInstance"/> raisers on each instance at once (released together), returns their results.</summary>
    private static async Task<T[]> AllAtOnceAsync<T>(Func<int, Task<T>> raise)
    {
        using var barrier = new Barrier(2 * RaisersPerInstance);
        var raisers = Enumerable.Range(0, 2 * RaisersPerInstance).Select(i => Task.Run(async () =>
        {
            barrier.SignalAndWait(TimeSpan.FromSeconds(30));
            return await raise(i % 2);
        }));
        return await Task.WhenAll(raisers);
    }

    private async Task<IReadOnlyList<AlertRecord>> AlertsAsync(string deviceId, string rule) =>
        (await Store.QueryAlertsAsync(new AlertQuery(DeviceId: deviceId, Rule: rule, Limit: 1000), CancellationToken.None)).Items;

    [Fact]
    [Trait("Requirement", "SR-ID-011")]
    public async Task Certificate_sweeps_of_two_host_instances_at_once_raise_one_alert_per_certificate()
    {
        var engines = new[] { Engine(0), Engine(1) };
        for (int round = 0; round < Rounds; round++)
        {
            // Each round a fresh certificate per device enters the lead time (a renewal that is about to expire again).
            var certificates = Enumerable.Range(0, 8)
                .Select(d => new TrackedCertificate(Device(d), "device", $"{round:X2}{d:X2}", _time.GetUtcNow().AddDays(5)))
                .ToList();

            var raised = await AllAtOnceAsync(instance => engines[instance].SweepCertificatesAsync(certificates, CancellationToken.None));

            Assert.Equal(certificates.Count, raised.Sum());
            _time.Advance(TimeSpan.FromMinutes(1));
        }

        for (int d = 0; d < 8; d++)
        {
            var alerts = await AlertsAsync(Device(d), DefaultAlertRules.CertificateExpiry);
            var perSerial = alerts.GroupBy(a => a.Detail[a.Detail.IndexOf("serial ", StringComparison.Ordinal)..].Split(')')[0]).ToList();
            Assert.All(perSerial, g => Assert.Single(g));
            Assert.Equal(Rounds, perSerial.Count);
        }
    }

    [Fact]
    [Trait("Requirement", "SR-BRK-017")]
    public async Task Attestation_and_rejection_flood_rules_raised_by_two_instances_at_once_make_one_new_alert()
    {
        var engines = new[] { Engine(0), Engine(1) };
        var flood = AlertRuleSet.Defaults().Rules.Single(r => r.Id == DefaultAlertRules.RejectionFlood);
        for (int round = 0; round < Rounds; round++)
        {
            string device = Device(round);
            await AllAtOnceAsync(instance => engines[instance].OnAttestationProblemAsync(device, AttestationProblem.Invalid, "the answer's MAC does not verify", CancellationToken.None));

            // Each instance counts its own share of a flood and completes the rule's count at the same moment.
            await AllAtOnceAsync(async instance =>
            {
                for (int i = 0; i < flood.Count; i++)
                {
                    await engines[instance].OnRejectedAsync(device, "malformed", CancellationToken.None);
                }

                return 0;
            });

            Assert.Single(await AlertsAsync(device, DefaultAlertRules.AttestationInvalid));
            Assert.Single(await AlertsAsync(device, DefaultAlertRules.RejectionFlood));
        }
    }

    [Fact]
    [Trait("Requirement", "SR-BRK-017")]
    public async Task Refused_connections_and_api_rate_limits_seen_by_two_instances_at_once_make_one_alert_per_source()
    {
        var options = new EdgeSecurityHostOptions();
        options.Broker.RefusalWindow = TimeSpan.FromSeconds(60);
        var recorders = _stores.Select(s => new RefusedConnectionRecorder(s, _time, Microsoft.Extensions.Options.Options.Create(options), NullLogger<RefusedConnectionRecorder>.Instance)).ToArray();
        var hostEvents = _stores.Select(s => new HostSecurityEvents(s, _time, NullLogger<HostSecurityEvents>.Instance)).ToArray();
        try
        {
            for (int round = 0; round < Rounds; round++)
            {
                string address = $"198.51.100.{round + 1}";
                await AllAtOnceAsync(async instance =>
                {
                    // Both instances read the same refusal (each host reads its broker's log; on one machine, one log).
                    recorders[instance].Add(new RefusedConnection(_time.GetUtcNow(), address, 40000, 8883, RefusalReason.CertificateRejected, "certificate revoked"));
                    await recorders[instance].FlushAsync(all: false, CancellationToken.None);
                    await hostEvents[instance].RateLimitedAsync(address, 20, TimeSpan.FromMinutes(1), CancellationToken.None);
                    return 0;
                });

                var refused = (await AlertsAsync(HostSecurityEvents.HostDeviceId, RefusedConnectionRecorder.AlertRule))
                    .Where(a => a.Detail.StartsWith($"TLS connections refused from {address} ", StringComparison.Ordinal)).ToList();
                Assert.Single(refused);
                Assert.Single(await AlertsAsync(HostSecurityEvents.HostDeviceId, HostSecurityEvents.AuthenticationAttackRule));
            }
        }
        finally
        {
            foreach (var recorder in recorders)
            {
                recorder.Dispose();
            }
        }
    }

    [Fact]
    [Trait("Requirement", "SR-BRK-017")]
    public async Task A_repeat_after_the_alert_was_acknowledged_raises_a_new_one_and_a_certificate_alert_never_twice()
    {
        var engine = Engine(0);
        await engine.OnAttestationProblemAsync("d0", AttestationProblem.Replayed, "nonce already answered", CancellationToken.None);
        var first = Assert.Single(await AlertsAsync("d0", DefaultAlertRules.AttestationReplayed));
        await engine.OnAttestationProblemAsync("d0", AttestationProblem.Replayed, "nonce already answered", CancellationToken.None);
        Assert.Single(await AlertsAsync("d0", DefaultAlertRules.AttestationReplayed));

        Assert.True(await Store.SetAlertStatusAsync(first.Id, AlertStatus.Acknowledged, 1, CancellationToken.None));
        await engine.OnAttestationProblemAsync("d0", AttestationProblem.Replayed, "nonce already answered", CancellationToken.None);
        var both = await AlertsAsync("d0", DefaultAlertRules.AttestationReplayed);
        Assert.Equal(2, both.Count);
        Assert.Single(both, a => a.Status == AlertStatus.New);

        var certificate = new TrackedCertificate("d1", "device", "AB01", Start.AddDays(3));
        Assert.Equal(1, await engine.SweepCertificatesAsync([certificate], CancellationToken.None));
        var alert = Assert.Single(await AlertsAsync("d1", DefaultAlertRules.CertificateExpiry));
        Assert.True(await Store.SetAlertStatusAsync(alert.Id, AlertStatus.FalsePositive, 2, CancellationToken.None));
        var raised = await Store.RaiseAlertAsync(new AlertRecord(DefaultAlertRules.CertificateExpiry, "d1", 3, "t", "d", AlertStatus.New, 3, 3, []), AlertKey.Forever("serial AB01"), CancellationToken.None);
        Assert.Equal((alert.Id, false), (raised.Id, raised.Created));
        Assert.Single(await AlertsAsync("d1", DefaultAlertRules.CertificateExpiry));
    }
}
