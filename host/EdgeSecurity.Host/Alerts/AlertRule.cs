using EdgeSecurity.Host.Ingest;

namespace EdgeSecurity.Host.Alerts;

/// <summary>What makes a rule fire (docs/alerts.md).</summary>
public enum AlertRuleKind
{
    /// <summary>Any stored event of the listed types (optionally only failures, or with a reason text).</summary>
    Event = 0,

    /// <summary>A chain anomaly found by ingest (forged record, gap, conflict, impersonation).</summary>
    Anomaly = 1,

    /// <summary>At least <see cref="AlertRule.Count"/> events of the listed types within <see cref="AlertRule.WindowSeconds"/> of device time.</summary>
    Burst = 2,

    /// <summary>No heartbeat for <see cref="AlertRule.MissedIntervals"/> × <see cref="AlertRule.HeartbeatIntervalSeconds"/>.</summary>
    Silence = 3,

    /// <summary>At least <see cref="AlertRule.Count"/> messages of one device rejected by ingest within <see cref="AlertRule.WindowSeconds"/> of host time.</summary>
    RejectionBurst = 4,

    /// <summary>A device or service certificate that expires within <see cref="AlertRule.LeadDays"/> (or has expired); one alert per certificate.</summary>
    CertificateExpiry = 5,

    /// <summary>A posture attestation problem of the listed <see cref="AlertRule.AttestationProblems"/> (docs/attestation.md).</summary>
    Attestation = 6,
}

/// <summary>What went wrong with a device's posture attestation (docs/attestation.md, "Alerts").</summary>
public enum AttestationProblem
{
    /// <summary>No answer by the deadline, or an authentic answer after it.</summary>
    Late = 0,

    /// <summary>A malformed answer, one naming another device or an old key epoch, or one whose MAC does not verify.</summary>
    Invalid = 1,

    /// <summary>An authentic answer with a nonce the host never issued, already used, or issued to another device.</summary>
    Replayed = 2,

    /// <summary>An authentic, fresh answer that contradicts the stored chain or the device's own boot record.</summary>
    Contradiction = 3,
}

/// <summary>One alert rule as data (JSON in the rule file; built-in defaults in <see cref="DefaultAlertRules"/>).</summary>
public sealed class AlertRule
{
    /// <summary>Stable id, stored with each alert ("boot-failure"); a rule file entry with a default's id replaces it.</summary>
    public string Id { get; set; } = "";

    public AlertRuleKind Kind { get; set; }

    public bool Enabled { get; set; } = true;

    public string Title { get; set; } = "";

    /// <summary>0 info … 4 critical, as event severities.</summary>
    public int Severity { get; set; } = 3;

    /// <summary>Event and burst rules: the event types that count.</summary>
    public IList<int> EventTypes { get; set; } = [];

    /// <summary>Event rules: only events whose result code (field 1) is not 0.</summary>
    public bool FailuresOnly { get; set; }

    /// <summary>Event rules: only events whose reason text (field 2 or 7) contains this, case-insensitively.</summary>
    public string? ReasonContains { get; set; }

    /// <summary>Anomaly rules: the anomalies that count.</summary>
    public IList<AnomalyKind> Anomalies { get; set; } = [];

    /// <summary>Burst rules: how many events within the window.</summary>
    public int Count { get; set; }

    public int WindowSeconds { get; set; }

    /// <summary>Silence rules: the heartbeat interval devices are provisioned with (agent.conf).</summary>
    public int HeartbeatIntervalSeconds { get; set; }

    public int MissedIntervals { get; set; }

    /// <summary>Attestation rules: the problems that count.</summary>
    public IList<AttestationProblem> AttestationProblems { get; set; } = [];

    /// <summary>Certificate expiry rules: how many days ahead of a certificate's expiry the alert is raised.</summary>
    public int LeadDays { get; set; }

    /// <summary>The rule's problems, empty when it is usable.</summary>
    public IEnumerable<string> Problems()
    {
        if (string.IsNullOrWhiteSpace(Id))
        {
            yield return "a rule has no id";
        }

        var name = $"rule '{Id}'";
        if (Severity is < 0 or > 4)
        {
            yield return $"{name}: severity must be 0 (info) to 4 (critical)";
        }

        switch (Kind)
        {
            case AlertRuleKind.Event when EventTypes.Count == 0:
            case AlertRuleKind.Burst when EventTypes.Count == 0:
                yield return $"{name}: eventTypes must list at least one event type";
                break;
            case AlertRuleKind.Anomaly when Anomalies.Count == 0:
                yield return $"{name}: anomalies must list at least one anomaly";
                break;
            case AlertRuleKind.Silence when HeartbeatIntervalSeconds < 1 || MissedIntervals < 1:
                yield return $"{name}: heartbeatIntervalSeconds and missedIntervals must be at least 1";
                break;
            case AlertRuleKind.Attestation when AttestationProblems.Count == 0:
                yield return $"{name}: attestationProblems must list at least one problem";
                break;
            case AlertRuleKind.CertificateExpiry when LeadDays < 1:
                yield return $"{name}: leadDays must be at least 1";
                break;
            default:
                break;
        }

        if ((Kind is AlertRuleKind.Burst or AlertRuleKind.RejectionBurst) && (Count < 2 || WindowSeconds < 1))
        {
            yield return $"{name}: a burst needs count ≥ 2 and windowSeconds ≥ 1";
        }
    }
}
