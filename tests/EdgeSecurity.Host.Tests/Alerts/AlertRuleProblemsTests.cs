using EdgeSecurity.Host.Alerts;
using EdgeSecurity.Host.Ingest;

namespace EdgeSecurity.Host.Tests.Alerts;

/// <summary>
/// What an operator is told about a rule that cannot work (AlertRule.Problems, through the rule set that refuses
/// to start with it): every problem named, at the exact edge of each limit, and nothing said about a usable rule.
/// </summary>
public sealed class AlertRuleProblemsTests
{
    private static AlertRule Usable(AlertRuleKind kind, string id = "r") => kind switch
    {
        AlertRuleKind.Event => new() { Id = id, Kind = kind, EventTypes = [1] },
        AlertRuleKind.Anomaly => new() { Id = id, Kind = kind, Anomalies = [AnomalyKind.Forged] },
        AlertRuleKind.Burst => new() { Id = id, Kind = kind, EventTypes = [1], Count = 2, WindowSeconds = 1 },
        AlertRuleKind.Silence => new() { Id = id, Kind = kind, HeartbeatIntervalSeconds = 1, MissedIntervals = 1 },
        AlertRuleKind.RejectionBurst => new() { Id = id, Kind = kind, Count = 2, WindowSeconds = 1 },
        AlertRuleKind.CertificateExpiry => new() { Id = id, Kind = kind, LeadDays = 1 },
        AlertRuleKind.Attestation => new() { Id = id, Kind = kind, AttestationProblems = [AttestationProblem.Late] },
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static TheoryData<AlertRuleKind> Kinds() => [.. Enum.GetValues<AlertRuleKind>()];

    [Theory]
    [MemberData(nameof(Kinds))]
    [Trait("Requirement", "SR-ALERT-001")]
    public void A_usable_rule_of_each_kind_at_the_lowest_accepted_values_has_no_problem(AlertRuleKind kind)
    {
        var lowest = Usable(kind);
        lowest.Severity = 0;
        var highest = Usable(kind);
        highest.Severity = 4;

        Assert.Empty(lowest.Problems());
        Assert.Empty(highest.Problems());
        Assert.Equal(2, new AlertRuleSet([lowest, Usable(kind, "other")]).Rules.Count);
    }

    [Fact]
    [Trait("Requirement", "SR-ALERT-001")]
    public void Each_problem_of_a_rule_is_named_with_the_rule_and_the_setting_to_fix()
    {
        var cases = new (AlertRule Rule, string[] Problems)[]
        {
            (Usable(AlertRuleKind.Event, " "), ["a rule has no id"]),
            (With(Usable(AlertRuleKind.Event), r => r.Severity = -1), ["rule 'r': severity must be 0 (info) to 4 (critical)"]),
            (With(Usable(AlertRuleKind.Event), r => r.Severity = 5), ["rule 'r': severity must be 0 (info) to 4 (critical)"]),
            (With(Usable(AlertRuleKind.Event), r => r.EventTypes = []), ["rule 'r': eventTypes must list at least one event type"]),
            (With(Usable(AlertRuleKind.Burst), r => r.EventTypes = []), ["rule 'r': eventTypes must list at least one event type"]),
            (With(Usable(AlertRuleKind.Anomaly), r => r.Anomalies = []), ["rule 'r': anomalies must list at least one anomaly"]),
            (With(Usable(AlertRuleKind.Silence), r => r.HeartbeatIntervalSeconds = 0), ["rule 'r': heartbeatIntervalSeconds and missedIntervals must be at least 1"]),
            (With(Usable(AlertRuleKind.Silence), r => r.MissedIntervals = 0), ["rule 'r': heartbeatIntervalSeconds and missedIntervals must be at least 1"]),
            (With(Usable(AlertRuleKind.Attestation), r => r.AttestationProblems = []), ["rule 'r': attestationProblems must list at least one problem"]),
            (With(Usable(AlertRuleKind.CertificateExpiry), r => r.LeadDays = 0), ["rule 'r': leadDays must be at least 1"]),
            (With(Usable(AlertRuleKind.Burst), r => r.Count = 1), ["rule 'r': a burst needs count ≥ 2 and windowSeconds ≥ 1"]),
            (With(Usable(AlertRuleKind.Burst), r => r.WindowSeconds = 0), ["rule 'r': a burst needs count ≥ 2 and windowSeconds ≥ 1"]),
            (With(Usable(AlertRuleKind.RejectionBurst), r => r.Count = 1), ["rule 'r': a burst needs count ≥ 2 and windowSeconds ≥ 1"]),
            (With(Usable(AlertRuleKind.RejectionBurst), r => r.WindowSeconds = 0), ["rule 'r': a burst needs count ≥ 2 and windowSeconds ≥ 1"]),
            // Several problems of one rule are all named, in a fixed order.
            (new AlertRule { Id = "", Kind = AlertRuleKind.Burst, Severity = 7 }, ["a rule has no id", "rule '': severity must be 0 (info) to 4 (critical)", "rule '': eventTypes must list at least one event type", "rule '': a burst needs count ≥ 2 and windowSeconds ≥ 1"]),
            // A setting of another kind is not checked: an event rule has no count or window.
            (With(Usable(AlertRuleKind.Event), r => r.LeadDays = 0), []),
        };

        foreach (var (rule, problems) in cases)
        {
            Assert.Equal(problems, rule.Problems());
        }
    }

    [Fact]
    [Trait("Requirement", "SR-ALERT-001")]
    public void A_rule_set_with_problems_refuses_to_start_naming_all_of_them_and_a_disabled_rule_is_not_checked()
    {
        var silent = Usable(AlertRuleKind.Silence, "quiet");
        silent.MissedIntervals = 0;
        var twice = Usable(AlertRuleKind.Event, "twice");
        var disabled = new AlertRule { Id = "off", Kind = AlertRuleKind.Event, Enabled = false };

        var error = Assert.Throws<AlertRuleException>(() => new AlertRuleSet([silent, twice, Usable(AlertRuleKind.Anomaly, "twice"), disabled]));

        Assert.Equal(
            "Invalid alert rules: rule 'quiet': heartbeatIntervalSeconds and missedIntervals must be at least 1; rule id 'twice' is used more than once.",
            error.Message);
        Assert.Equal(["ok"], new AlertRuleSet([Usable(AlertRuleKind.Event, "ok"), disabled]).Rules.Select(r => r.Id));
    }

    private static AlertRule With(AlertRule rule, Action<AlertRule> change)
    {
        change(rule);
        return rule;
    }
}
