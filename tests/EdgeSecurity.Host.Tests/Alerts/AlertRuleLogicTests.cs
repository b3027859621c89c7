using EdgeSecurity.Firmware.Core.Events;
using EdgeSecurity.Host.Alerts;
using EdgeSecurity.Host.Ingest;
using FsCheck;
using FsCheck.Fluent;

namespace EdgeSecurity.Host.Tests.Alerts;

public sealed class AlertRuleLogicTests
{
    private static readonly IReadOnlyList<AlertRule> Defaults = AlertRuleSet.Defaults().Rules;

    private static AlertRule Rule(string id) => Defaults.Single(r => r.Id == id);

    private static EventRecord Record(SecurityEvent e) => new()
    {
        DeviceId = "d1",
        Sequence = 1,
        EventType = e.Type,
        Severity = e.Severity,
        Priority = e.Priority,
        Fields = e.Fields,
    };

    [Fact]
    [Trait("Requirement", "SR-ALERT-002")]
    public void Boot_and_integrity_rules_fire_on_failures_only()
    {
        Assert.True(AlertRuleMatcher.Matches(Rule(DefaultAlertRules.BootFailure), Record(SecurityEvents.BootVerification(3, "signature", "b", "1.1", "1.0", 4))));
        Assert.False(AlertRuleMatcher.Matches(Rule(DefaultAlertRules.BootFailure), Record(SecurityEvents.BootVerification(0, "ok", "b", "1.1", "1.0", 4))));
        Assert.True(AlertRuleMatcher.Matches(Rule(DefaultAlertRules.IntegrityViolation), Record(SecurityEvents.IntegrityCheck(2, "digest mismatch", "app.pe", 1))));
        Assert.False(AlertRuleMatcher.Matches(Rule(DefaultAlertRules.IntegrityViolation), Record(SecurityEvents.IntegrityCheck(0, "ok", "app.pe", 0))));
    }

    [Fact]
    [Trait("Requirement", "SR-ALERT-002")]
    public void Rollback_rule_matches_a_rolled_back_update_and_a_boot_refusing_an_older_version()
    {
        var rule = Rule(DefaultAlertRules.RollbackAttempt);

        Assert.True(AlertRuleMatcher.Matches(rule, Record(SecurityEvents.OtaRolledBack("2.0", "b", 5, "trial boot failed, rollback"))));
        Assert.True(AlertRuleMatcher.Matches(rule, Record(SecurityEvents.BootVerification(7, "Rollback: security counter below floor", "a", "0.9", "1.0", 1))));
        Assert.False(AlertRuleMatcher.Matches(rule, Record(SecurityEvents.BootVerification(3, "signature", "a", "1.1", "1.0", 1))));
    }

    [Fact]
    [Trait("Requirement", "SR-ALERT-002")]
    public void A_failures_only_rule_ignores_an_event_without_a_result_code_and_a_reason_rule_an_event_without_that_reason()
    {
        var failures = new AlertRule { Id = "f", Kind = AlertRuleKind.Event, EventTypes = [EventTypes.Heartbeat, EventTypes.ConnectionFailure], FailuresOnly = true };
        var reason = new AlertRule { Id = "r", Kind = AlertRuleKind.Burst, EventTypes = [EventTypes.ConnectionFailure], ReasonContains = "TLS" };

        Assert.False(AlertRuleMatcher.Matches(failures, Record(SecurityEvents.Heartbeat(1, 2, 3, 4, 5, 0, 0, 0))));
        Assert.True(AlertRuleMatcher.Matches(failures, Record(SecurityEvents.ConnectionFailure("broker", -1, "refused", 1))));
        Assert.True(AlertRuleMatcher.Matches(reason, Record(SecurityEvents.ConnectionFailure("broker", 0, "tls handshake failed", 1))));
        Assert.False(AlertRuleMatcher.Matches(reason, Record(SecurityEvents.ConnectionFailure("broker", 5, "timeout", 1))));
        Assert.False(AlertRuleMatcher.Matches(reason, Record(SecurityEvents.AuthenticationFailure("broker", 5, "TLS", 1))));

        // A rule of another kind never matches an event, whatever its event types.
        var silence = new AlertRule { Id = "s", Kind = AlertRuleKind.Silence, EventTypes = [EventTypes.ConnectionFailure] };
        Assert.False(AlertRuleMatcher.Matches(silence, Record(SecurityEvents.ConnectionFailure("broker", 1, "x", 1))));
    }

    [Fact]
    [Trait("Requirement", "SR-ALERT-003")]
    public void A_rejection_burst_fires_once_when_its_count_is_reached_within_a_window_and_counts_again_in_the_next()
    {
        var rule = new AlertRule { Id = "flood", Kind = AlertRuleKind.RejectionBurst, Count = 3, WindowSeconds = 10 };
        var other = new AlertRule { Id = "other", Kind = AlertRuleKind.RejectionBurst, Count = 3, WindowSeconds = 10 };
        var tracker = new RejectionBurstTracker();

        Assert.False(tracker.Add(rule, "d1", 5_000));
        Assert.False(tracker.Add(rule, "d1", 10_000));
        Assert.False(tracker.Add(rule, "d2", 11_000));
        Assert.False(tracker.Add(other, "d1", 12_000));
        Assert.True(tracker.Add(rule, "d1", 14_999));
        Assert.False(tracker.Add(rule, "d1", 14_999));

        // The window is fixed from its first rejection: at exactly 10 s after it a new one starts.
        Assert.False(tracker.Add(rule, "d1", 15_000));
        Assert.False(tracker.Add(rule, "d1", 15_001));
        Assert.True(tracker.Add(rule, "d1", 24_999));
    }

    [Fact]
    public void Anomaly_rules_match_their_anomaly_kinds_only()
    {
        var gap = new ChainAnomaly(AnomalyKind.UnexplainedGap, "d1", [5], "");

        Assert.True(AlertRuleMatcher.Matches(Rule(DefaultAlertRules.ChainGap), gap));
        Assert.False(AlertRuleMatcher.Matches(Rule(DefaultAlertRules.ChainBreak), gap));
        Assert.False(AlertRuleMatcher.Matches(Rule(DefaultAlertRules.ChainGap), gap with { Kind = AnomalyKind.ExplainedGap }));
    }

    [Fact]
    [Trait("Requirement", "SR-ALERT-003")]
    public void A_burst_fires_exactly_when_count_events_fall_within_the_window()
    {
        // Property: for any gaps between failures, the tracker fires at the first point where the last
        // `count` events span less than the window, and links exactly those events.
        var rule = new AlertRule { Id = "b", Kind = AlertRuleKind.Burst, EventTypes = [1], Count = 3, WindowSeconds = 60 };
        var property = Prop.ForAll(
            Gen.ArrayOf(Gen.Choose(0, 90)).Where(a => a.Length is > 0 and < 30).ToArbitrary(),
            gapsSeconds =>
            {
                var tracker = new BurstTracker();
                var times = new List<long>();
                var time = 0L;
                for (var i = 0; i < gapsSeconds.Length; i++)
                {
                    time += gapsSeconds[i] * 1000L;
                    times.Add(time);
                    var fired = tracker.Add(rule, "d1", time, i + 1);
                    var window = times.Where(t => t > time - 60_000).Count();
                    if ((fired is not null) != (window >= 3))
                    {
                        return false;
                    }

                    if (fired is not null)
                    {
                        if (fired[^1] != i + 1 || fired.Count != window)
                        {
                            return false;
                        }

                        times.Clear();
                    }
                }

                return true;
            });

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(200), property);
    }
}
