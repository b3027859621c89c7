using EdgeSecurity.Host.Alerts;
using EdgeSecurity.Host.Ingest;

namespace EdgeSecurity.Host.Tests.Alerts;

public sealed class AlertRuleSetTests : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), "es-rules-" + Guid.NewGuid().ToString("N") + ".json");

    public void Dispose() => File.Delete(_file);

    [Fact]
    [Trait("Requirement", "SR-ALERT-001")]
    public void Defaults_cover_every_required_rule()
    {
        var ids = AlertRuleSet.Defaults().Rules.Select(r => r.Id).ToHashSet();

        Assert.Superset(
            new HashSet<string>
            {
                DefaultAlertRules.BootFailure, DefaultAlertRules.IntegrityViolation, DefaultAlertRules.RollbackAttempt,
                DefaultAlertRules.ChainBreak, DefaultAlertRules.ChainGap, DefaultAlertRules.Replay, DefaultAlertRules.SilentDevice,
                DefaultAlertRules.ConnectionFailureBurst, DefaultAlertRules.JournalDrops,
            },
            ids);
    }

    [Fact]
    [Trait("Requirement", "SR-ALERT-001")]
    public void Every_built_in_rule_has_a_title_of_its_own_that_its_alerts_show()
    {
        // The title is what an analyst reads in the alert list, the console and the exports; one that is
        // empty or shared with another rule hides which rule fired.
        var rules = AlertRuleSet.Defaults().Rules;

        Assert.All(rules, r => Assert.False(string.IsNullOrWhiteSpace(r.Title), $"The built-in rule '{r.Id}' has no title."));
        Assert.Equal(rules.Count, rules.Select(r => r.Title).Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    [Trait("Requirement", "SR-ALERT-001")]
    public void A_rule_file_replaces_disables_and_adds_rules()
    {
        File.WriteAllText(_file, """
            { "rules": [
              { "id": "silent-device", "kind": "silence", "title": "quiet", "severity": 3, "heartbeatIntervalSeconds": 10, "missedIntervals": 2 },
              { "id": "journal-drops", "enabled": false },
              { "id": "clock-jumps", "kind": "event", "title": "Clock jumped", "severity": 2, "eventTypes": [1026] },
            ] }
            """);

        var rules = AlertRuleSet.Load(_file).Rules;

        var silent = rules.Single(r => r.Id == DefaultAlertRules.SilentDevice);
        Assert.Equal(10, silent.HeartbeatIntervalSeconds);
        Assert.DoesNotContain(rules, r => r.Id == DefaultAlertRules.JournalDrops);
        Assert.Equal([1026], rules.Single(r => r.Id == "clock-jumps").EventTypes);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [Trait("Requirement", "SR-ALERT-001")]
    public void No_rule_file_means_the_built_in_rules(string? path)
    {
        Assert.Equal(
            DefaultAlertRules.Create().Select(r => (r.Id, r.Kind, r.Severity)),
            AlertRuleSet.Load(path).Rules.Select(r => (r.Id, r.Kind, r.Severity)));
    }

    [Fact]
    [Trait("Requirement", "SR-ALERT-001")]
    public void A_rule_file_may_carry_comments_any_case_of_setting_names_and_every_kind_by_its_kebab_case_name()
    {
        File.WriteAllText(_file, """
            // Site rules.
            { "Rules": [
              /* a flood of rejected messages sooner than the default */
              { "ID": "rejection-flood", "Kind": "rejection-burst", "Title": "flood", "Count": 20, "WindowSeconds": 30 },
              { "id": "cert-soon", "kind": "certificate-expiry", "title": "renew", "leadDays": 10 },
              { "id": "late", "kind": "attestation", "title": "late", "attestationProblems": ["late", "replayed"] },
              { "id": "gaps", "kind": "anomaly", "anomalies": ["unexplained-gap"] }
            ] }
            """);

        var rules = AlertRuleSet.Load(_file).Rules;

        var flood = rules.Single(r => r.Id == DefaultAlertRules.RejectionFlood);
        Assert.Equal((AlertRuleKind.RejectionBurst, "flood", 20, 30), (flood.Kind, flood.Title, flood.Count, flood.WindowSeconds));
        var soon = rules.Single(r => r.Id == "cert-soon");
        Assert.Equal((AlertRuleKind.CertificateExpiry, 10), (soon.Kind, soon.LeadDays));
        Assert.Equal([AttestationProblem.Late, AttestationProblem.Replayed], rules.Single(r => r.Id == "late").AttestationProblems);
        var gaps = rules.Single(r => r.Id == "gaps");
        Assert.Equal([AnomalyKind.UnexplainedGap], gaps.Anomalies);
        Assert.Equal("", gaps.Title); // no title given: none made up
        Assert.Equal(DefaultAlertRules.Create().Count + 3, rules.Count);
    }

    [Theory]
    [InlineData("null")]
    [InlineData("""{ "rules": [] }""")]
    [Trait("Requirement", "SR-ALERT-001")]
    public void A_rule_file_without_rules_keeps_the_built_in_rules(string json)
    {
        File.WriteAllText(_file, json);

        Assert.Equal(DefaultAlertRules.Create().Select(r => r.Id), AlertRuleSet.Load(_file).Rules.Select(r => r.Id));
    }

    [Theory]
    [InlineData("""{ "rules": [ { "id": "x", "kind": "burst", "eventTypes": [769], "count": 1, "windowSeconds": 10 } ] }""", "count ≥ 2")]
    [InlineData("""{ "rules": [ { "id": "x", "kind": 0, "eventTypes": [1] } ] }""", "not valid")]
    [InlineData("""{ "rules": [ { "kind": "event", "eventTypes": [1] } ] }""", "a rule has no id")]
    [InlineData("""{ "rules": [ { "id": "x", "kind": "event", "eventTypes": [1] }, { "id": "x", "kind": "event", "eventTypes": [2] } ] }""", "rule id 'x' is used more than once")]
    [InlineData("""{ "rules": [ { "id": "x", "kind": "event" } ] }""", "eventTypes")]
    [InlineData("""{ "rules": [ { "id": "x", "kind": "sometimes" } ] }""", "not valid")]
    [InlineData("""{ "rules": [ { "id": "x", "kind": "event", "eventTypes": [1], "colour": "red" } ] }""", "not valid")]
    [InlineData("""{ "rules": [ { "id": "x", "kind": "anomaly", "anomalies": ["forged"], "severity": 9 } ] }""", "severity")]
    public void An_invalid_rule_file_fails_with_a_message_naming_the_problem(string json, string expected)
    {
        File.WriteAllText(_file, json);

        var error = Assert.Throws<AlertRuleException>(() => AlertRuleSet.Load(_file));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_rule_file_is_an_error_not_the_defaults()
    {
        var error = Assert.Throws<AlertRuleException>(() => AlertRuleSet.Load(_file));

        Assert.Contains(_file, error.Message, StringComparison.Ordinal);
    }
}
