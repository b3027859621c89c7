using EdgeSecurity.Host.Alerts;

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
    [InlineData("""{ "rules": [ { "id": "x", "kind": "burst", "eventTypes": [769], "count": 1, "windowSeconds": 10 } ] }""", "count ≥ 2")]
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
