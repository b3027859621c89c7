using EdgeSecurity.Firmware.Core.Events;
using EdgeSecurity.Host.Ingest;

namespace EdgeSecurity.Host.Alerts;

/// <summary>Whether one event or anomaly satisfies a rule's condition (stateless part of the rule logic).</summary>
public static class AlertRuleMatcher
{
    public static bool Matches(AlertRule rule, EventRecord record)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(record);
        if (rule.Kind is not (AlertRuleKind.Event or AlertRuleKind.Burst) || !rule.EventTypes.Contains(record.EventType))
        {
            return false;
        }

        if (rule.FailuresOnly && EventRecordMapper.ResultCode(record) is null or 0)
        {
            return false;
        }

        return string.IsNullOrEmpty(rule.ReasonContains) || Reasons(record).Any(r => r.Contains(rule.ReasonContains, StringComparison.OrdinalIgnoreCase));
    }

    public static bool Matches(AlertRule rule, ChainAnomaly anomaly)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(anomaly);
        return rule.Kind == AlertRuleKind.Anomaly && rule.Anomalies.Contains(anomaly.Kind);
    }

    // Outcome events carry their reason in field 2, OTA events in field 7.
    private static IEnumerable<string> Reasons(EventRecord record) =>
        new[] { EventFieldIds.Outcome.Reason, EventFieldIds.Ota.Reason }
            .Select(record.FindField)
            .Where(f => f is { Kind: EventFieldKind.String })
            .Select(f => f!.StringValue);
}
