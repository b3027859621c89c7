using EdgeSecurity.Host.Alerts;

namespace EdgeSecurity.Host.Metrics;

/// <summary>Groups alert rules into the incident classes programme metrics report (docs/metrics.md).</summary>
public static class IncidentClasses
{
    /// <summary>Rules of a rule file that are not default rules.</summary>
    public const string Other = "other";

    private static readonly Dictionary<string, string> ByRule = new(StringComparer.Ordinal)
    {
        [DefaultAlertRules.BootFailure] = "boot",
        [DefaultAlertRules.RollbackAttempt] = "rollback",
        [DefaultAlertRules.IntegrityViolation] = "integrity",
        [DefaultAlertRules.ChainBreak] = "telemetry-tampering",
        [DefaultAlertRules.ChainGap] = "telemetry-tampering",
        [DefaultAlertRules.Replay] = "telemetry-tampering",
        [DefaultAlertRules.Impersonation] = "telemetry-tampering",
        [DefaultAlertRules.JournalTamper] = "telemetry-tampering",
        [DefaultAlertRules.ExplainedGap] = "telemetry-loss",
        [DefaultAlertRules.JournalDrops] = "telemetry-loss",
        [DefaultAlertRules.SilentDevice] = "availability",
        [DefaultAlertRules.ConnectionFailureBurst] = "network",
        [DefaultAlertRules.RejectionFlood] = "network",
    };

    public static string Of(string rule) => ByRule.TryGetValue(rule, out var name) ? name : Other;
}
