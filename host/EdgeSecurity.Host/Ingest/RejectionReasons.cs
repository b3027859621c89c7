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

    /// <summary>"malformed-" plus the core's format error in kebab case, e.g. "malformed-truncated".</summary>
    public static string Malformed(EdgeSecurity.Firmware.Core.Events.EventFormatError error) =>
        MalformedPrefix + System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(error.ToString());
}
