namespace EdgeSecurity.Host.Ingest;

/// <summary>Reason codes stored with rejected payloads (ITelemetryStore.RecordRejectionAsync) and logged.</summary>
public static class RejectionReasons
{
    public const string NotAnEventTopic = "not-an-event-topic";
    public const string UnknownDevice = "unknown-device";
    public const string RevokedDevice = "revoked-device";
    public const string NoEventKey = "no-event-key";
    public const string Impersonation = "impersonation";
    public const string ForgedRecord = "forged-record";
    public const string MalformedPrefix = "malformed-";

    /// <summary>Attestation answers that failed verification: the prefix of <see cref="Attestation"/>.</summary>
    public const string AttestationPrefix = "attestation-";

    /// <summary>"malformed-" plus the core's format error in kebab case, e.g. "malformed-truncated".</summary>
    public static string Malformed(EdgeSecurity.Firmware.Core.Events.EventFormatError error) =>
        MalformedPrefix + System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(error.ToString());

    /// <summary>"attestation-" plus the problem, e.g. "attestation-invalid": the same names as the attestation alert rules.</summary>
    public static string Attestation(EdgeSecurity.Host.Alerts.AttestationProblem problem) =>
        AttestationPrefix + System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(problem.ToString());
}
