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
