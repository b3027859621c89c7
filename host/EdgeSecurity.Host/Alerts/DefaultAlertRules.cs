using EdgeSecurity.Firmware.Core.Events;
using EdgeSecurity.Host.Ingest;

namespace EdgeSecurity.Host.Alerts;

/// <summary>The rules the host runs without a rule file (the table in docs/alerts.md).</summary>
public static class DefaultAlertRules
{
    public const string BootFailure = "boot-failure";
    public const string IntegrityViolation = "integrity-violation";
    public const string RollbackAttempt = "rollback-attempt";
    public const string ChainBreak = "chain-break";
    public const string ChainGap = "chain-gap";
    public const string ExplainedGap = "explained-gap";
    public const string Replay = "replay";
    public const string Impersonation = "impersonation";
    public const string SilentDevice = "silent-device";
    public const string ConnectionFailureBurst = "connection-failure-burst";
    public const string JournalDrops = "journal-drops";
    public const string JournalTamper = "journal-tamper";
    public const string RejectionFlood = "rejection-flood";
    public const string CertificateExpiry = "certificate-expiry";
    public const string OtaRefused = "ota-refused";
    public const string AttestationLate = "attestation-late";
    public const string AttestationInvalid = "attestation-invalid";
    public const string AttestationReplayed = "attestation-replayed";
    public const string AttestationContradiction = "attestation-contradiction";

    public static IReadOnlyList<AlertRule> Create() =>
    [
        new() { Id = BootFailure, Kind = AlertRuleKind.Event, Title = "Boot verification failed", Severity = 4, EventTypes = [EventTypes.BootVerification], FailuresOnly = true },
        new() { Id = IntegrityViolation, Kind = AlertRuleKind.Event, Title = "Runtime integrity violation", Severity = 4, EventTypes = [EventTypes.IntegrityCheck, EventTypes.ContainmentEntered], FailuresOnly = true },
        new() { Id = RollbackAttempt, Kind = AlertRuleKind.Event, Title = "Firmware rollback", Severity = 3, EventTypes = [EventTypes.OtaRolledBack, EventTypes.BootVerification], ReasonContains = "rollback" },
        new() { Id = ChainBreak, Kind = AlertRuleKind.Anomaly, Title = "Event chain broken (forged or altered record)", Severity = 4, Anomalies = [AnomalyKind.Forged] },
        new() { Id = ChainGap, Kind = AlertRuleKind.Anomaly, Title = "Unexplained gap in the event chain", Severity = 3, Anomalies = [AnomalyKind.UnexplainedGap] },
        new() { Id = ExplainedGap, Kind = AlertRuleKind.Anomaly, Title = "Chain gap explained by the device's records-dropped report", Severity = 1, Anomalies = [AnomalyKind.ExplainedGap] },
        new() { Id = Replay, Kind = AlertRuleKind.Anomaly, Title = "Replayed or conflicting event record", Severity = 3, Anomalies = [AnomalyKind.Conflict] },
        new() { Id = Impersonation, Kind = AlertRuleKind.Anomaly, Title = "Device published records of another device", Severity = 4, Anomalies = [AnomalyKind.Impersonation] },
        new() { Id = SilentDevice, Kind = AlertRuleKind.Silence, Title = "Device stopped sending heartbeats", Severity = 2, HeartbeatIntervalSeconds = 60, MissedIntervals = 3 },
        new() { Id = ConnectionFailureBurst, Kind = AlertRuleKind.Burst, Title = "Burst of connection or authentication failures", Severity = 3, EventTypes = [EventTypes.ConnectionFailure, EventTypes.AuthenticationFailure], Count = 5, WindowSeconds = 300 },
        new() { Id = JournalDrops, Kind = AlertRuleKind.Event, Title = "Device journal dropped records", Severity = 2, EventTypes = [EventTypes.RecordsDropped] },
        new() { Id = RejectionFlood, Kind = AlertRuleKind.RejectionBurst, Title = "Flood of messages the host rejected", Severity = 3, Count = 100, WindowSeconds = 60 },
        // A device turned an update away: a bad or revoked signature, too few signatures, a lower counter, an
        // expired bundle, another class, a replayed offer or a chunk that failed its digest are what an attacker
        // (or a broken release) produces; the device stayed on its verified bundle, the operator must look.
        new() { Id = OtaRefused, Kind = AlertRuleKind.Event, Title = "Update refused by a device", Severity = 3, EventTypes = [EventTypes.OtaOfferRefused, EventTypes.OtaOfferReplayed, EventTypes.OtaChunkFailed] },
        new() { Id = JournalTamper, Kind = AlertRuleKind.Event, Title = "Record written back into the device journal (replay on flash)", Severity = 4, EventTypes = [EventTypes.JournalTampered] },
        new() { Id = AttestationLate, Kind = AlertRuleKind.Attestation, Title = "Device did not prove its posture in time", Severity = 2, AttestationProblems = [AttestationProblem.Late] },
        new() { Id = AttestationInvalid, Kind = AlertRuleKind.Attestation, Title = "Invalid posture attestation (forged or malformed answer)", Severity = 4, AttestationProblems = [AttestationProblem.Invalid] },
        new() { Id = AttestationReplayed, Kind = AlertRuleKind.Attestation, Title = "Replayed posture attestation", Severity = 4, AttestationProblems = [AttestationProblem.Replayed] },
        new() { Id = AttestationContradiction, Kind = AlertRuleKind.Attestation, Title = "Attested posture contradicts the event chain", Severity = 4, AttestationProblems = [AttestationProblem.Contradiction] },
        new() { Id = CertificateExpiry, Kind = AlertRuleKind.CertificateExpiry, Title = "Certificate expires soon or has expired (renew it)", Severity = 3, LeadDays = 30 },
    ];
}
