using System.Security.Cryptography;
using EdgeSecurity.Firmware.Core.Events;
using EdgeSecurity.Host.Alerts;
using EdgeSecurity.Host.Api.Views;
using EdgeSecurity.Host.Ingest;
using EdgeSecurity.Host.Storage;
using EdgeSecurity.Host.Storage.Model;
using EdgeSecurity.Host.Tests.Support;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeSecurity.Host.Tests.Alerts;

/// <summary>
/// What each kind of rule raises, as an analyst sees it: which alerts exist, the events they link, their detail,
/// and the operator's log line. Real chain verifier, SQLite store and engine (<see cref="AlertPipeline"/>).
/// </summary>
public sealed class AlertEngineRaisingTests : IAsyncLifetime
{
    private readonly TemporarySqliteStore _database = new("es-raising-rules-");
    private readonly FakeTime _time = new(DateTimeOffset.FromUnixTimeMilliseconds(1_790_000_000_000));
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private readonly CapturedLog _log = new(typeof(AlertEngine).Namespace!);
    private ILoggerFactory? _loggers;
    private AlertPipeline? _pipeline;

    private ITelemetryStore Store => _database.Store;

    private AlertPipeline Pipeline => _pipeline ?? throw new InvalidOperationException("Store not opened.");

    public async Task InitializeAsync()
    {
        await _database.MigrateAsync();
        _loggers = LoggerFactory.Create(logging => logging.AddProvider(_log));
        _pipeline = new AlertPipeline(Store, _time, _loggers.CreateLogger<AlertEngine>());
        await Store.UpsertDeviceAsync(new DeviceRecord("d1", DeviceStatus.Active, "esp32", 1, null, null, null, null), CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        _loggers?.Dispose();
        await _database.DisposeAsync();
    }

    private async Task<List<AlertRecord>> AlertsAsync() =>
        [.. (await Store.QueryAlertsAsync(new AlertQuery(DeviceId: "d1", Limit: 100), CancellationToken.None)).Items];

    private string[] RaisedLogLines() => [.. _log.Text.Split('\n').Where(l => l.StartsWith("Alert ", StringComparison.Ordinal))];

    [Fact]
    [Trait("Requirement", "SR-ALERT-002")]
    [Trait("Requirement", "SR-ALERT-003")]
    [Trait("Requirement", "SR-ALERT-004")]
    public async Task A_batch_raises_one_alert_per_matching_rule_linking_its_events_and_nothing_for_rules_it_does_not_match()
    {
        // Two failed boots, five connection failures within the burst window (one second apart), a heartbeat.
        var journal = new SimulatedJournal("d1", _key);
        journal.Append(SecurityEvents.BootVerification(3, "signature", "b", "1.1", "1.0", 4));
        journal.Append(SecurityEvents.BootVerification(5, "digest", "a", "1.1", "1.0", 4));
        for (var i = 0; i < 5; i++)
        {
            journal.Append(SecurityEvents.ConnectionFailure("broker", -1, "refused", i + 1));
        }

        journal.AppendHeartbeats(1);

        var verified = await Pipeline.DeliverAsync("d1", journal.BatchAll(1), _key);

        var alerts = await AlertsAsync();
        Assert.Equal([DefaultAlertRules.BootFailure, DefaultAlertRules.ConnectionFailureBurst], alerts.Select(a => a.Rule).Order(StringComparer.Ordinal));
        var boot = alerts.Single(a => a.Rule == DefaultAlertRules.BootFailure);
        Assert.Equal([1L, 2], boot.EventSequences.Order());
        Assert.Equal(EventView.Summary(verified.NewEvents[0]) + ", " + EventView.Summary(verified.NewEvents[1]), boot.Detail);
        Assert.StartsWith("#1 ", boot.Detail, StringComparison.Ordinal);
        var burst = alerts.Single(a => a.Rule == DefaultAlertRules.ConnectionFailureBurst);
        Assert.Equal([3L, 4, 5, 6, 7], burst.EventSequences.Order());
        Assert.Equal("5 events within 300 s", burst.Detail);
        Assert.Equal((4, 3), (boot.Severity, burst.Severity));
        Assert.Equal(
            [$"Alert {DefaultAlertRules.BootFailure} raised for device d1 (alert {boot.Id})", $"Alert {DefaultAlertRules.ConnectionFailureBurst} raised for device d1 (alert {burst.Id})"],
            RaisedLogLines());
    }

    [Fact]
    [Trait("Requirement", "SR-ALERT-004")]
    public async Task An_alert_extended_by_a_later_occurrence_is_logged_once_when_raised()
    {
        await Pipeline.Engine.OnAnomalyAsync(new ChainAnomaly(AnomalyKind.Conflict, "d1", [4], "first"), CancellationToken.None);
        await Pipeline.Engine.OnAnomalyAsync(new ChainAnomaly(AnomalyKind.Conflict, "d1", [9], "second"), CancellationToken.None);

        var alert = Assert.Single(await AlertsAsync());
        Assert.Equal(($"Alert {DefaultAlertRules.Replay} raised for device d1 (alert {alert.Id})"), Assert.Single(RaisedLogLines()));
    }

    [Fact]
    [Trait("Requirement", "SR-EVT-HOST-014")]
    public async Task A_rejection_flood_raises_one_alert_naming_the_count_the_window_and_the_latest_reason()
    {
        for (var i = 0; i < 99; i++)
        {
            await Pipeline.Engine.OnRejectedAsync("d1", "malformed", CancellationToken.None);
        }

        Assert.Empty(await AlertsAsync());
        await Pipeline.Engine.OnRejectedAsync("d1", "bad chain", CancellationToken.None);

        var flood = Assert.Single(await AlertsAsync());
        Assert.Equal((DefaultAlertRules.RejectionFlood, "100 messages rejected within 60 s (latest: bad chain)"), (flood.Rule, flood.Detail));
        Assert.Empty(flood.EventSequences);
    }

    [Fact]
    [Trait("Requirement", "SR-ALERT-004")]
    public async Task An_attestation_problem_raises_only_the_rules_that_list_it_and_says_how_many()
    {
        Assert.Equal(1, await Pipeline.Engine.OnAttestationProblemAsync("d1", AttestationProblem.Late, "no answer by the deadline", CancellationToken.None));

        var late = Assert.Single(await AlertsAsync());
        Assert.Equal((DefaultAlertRules.AttestationLate, "no answer by the deadline", 2), (late.Rule, late.Detail, late.Severity));

        var rules = new AlertRuleSet([new AlertRule { Id = "any-attestation", Kind = AlertRuleKind.Attestation, AttestationProblems = [AttestationProblem.Late, AttestationProblem.Replayed] }, .. AlertRuleSet.Defaults().Rules]);
        var engine = new AlertEngine(rules, Store, new BurstTracker(), _time, NullLogger<AlertEngine>.Instance);
        Assert.Equal(2, await engine.OnAttestationProblemAsync("d1", AttestationProblem.Replayed, "nonce already answered", CancellationToken.None));
    }

    [Fact]
    public async Task A_batch_whose_decoded_records_do_not_match_its_events_is_refused_naming_both_counts()
    {
        var journal = new SimulatedJournal("d1", _key);
        journal.AppendHeartbeats(1);
        var verified = await Pipeline.VerifyAsync("d1", journal.BatchAll(1), _key);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => Pipeline.Engine.OnIngestedAsync(verified with { NewRecords = [] }, CancellationToken.None));

        Assert.Equal("batch", error.ParamName);
        Assert.StartsWith("The batch carries 1 new events but 0 decoded records.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_arguments_are_refused_naming_the_argument()
    {
        var rule = AlertRuleSet.Defaults().Rules[0];
        var anomalyRule = AlertRuleSet.Defaults().Rules.First(r => r.Kind == AlertRuleKind.Anomaly);
        var noRules = new AlertEngine(new AlertRuleSet([]), Store, new BurstTracker(), _time, NullLogger<AlertEngine>.Instance);
        var record = new EventRecord { DeviceId = "d1", Sequence = 1, EventType = EventTypes.BootVerification };
        var anomaly = new ChainAnomaly(AnomalyKind.Forged, "d1", [1], "");

        Assert.Equal("batch", (await Assert.ThrowsAsync<ArgumentNullException>(() => noRules.OnIngestedAsync(null!, CancellationToken.None))).ParamName);
        Assert.Equal("anomaly", (await Assert.ThrowsAsync<ArgumentNullException>(() => noRules.OnAnomalyAsync(null!, CancellationToken.None))).ParamName);
        Assert.Equal("certificates", (await Assert.ThrowsAsync<ArgumentNullException>(() => Pipeline.Engine.SweepCertificatesAsync(null!, CancellationToken.None))).ParamName);
        Assert.Equal("rules", Assert.Throws<ArgumentNullException>(() => new AlertRuleSet(null!)).ParamName);
        Assert.Equal("rule", Assert.Throws<ArgumentNullException>(() => AlertRuleMatcher.Matches(null!, record)).ParamName);
        Assert.Equal("record", Assert.Throws<ArgumentNullException>(() => AlertRuleMatcher.Matches(rule, (EventRecord)null!)).ParamName);
        Assert.Equal("rule", Assert.Throws<ArgumentNullException>(() => AlertRuleMatcher.Matches(null!, anomaly)).ParamName);
        Assert.Equal("anomaly", Assert.Throws<ArgumentNullException>(() => AlertRuleMatcher.Matches(anomalyRule, (ChainAnomaly)null!)).ParamName);
        Assert.Equal("rule", Assert.Throws<ArgumentNullException>(() => new BurstTracker().Add(null!, "d1", 0, 1)).ParamName);
        Assert.Equal("rule", Assert.Throws<ArgumentNullException>(() => new RejectionBurstTracker().Add(null!, "d1", 0)).ParamName);
    }
}
