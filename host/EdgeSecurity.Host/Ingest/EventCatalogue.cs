using EdgeSecurity.Firmware.Core.Events;

namespace EdgeSecurity.Host.Ingest;

/// <summary>Display names of the event types in docs/events.md (stored with each event for queries and the API).</summary>
public static class EventCatalogue
{
    private static readonly Dictionary<int, string> Names = new()
    {
        [EventTypes.BootVerification] = "boot-verification",
        [EventTypes.IntegrityCheck] = "integrity-check",
        [EventTypes.ContainmentEntered] = "containment-entered",
        [EventTypes.ContainmentLeft] = "containment-left",
        [EventTypes.OtaDownloadStarted] = "ota-download-started",
        [EventTypes.OtaChunkFailed] = "ota-chunk-failed",
        [EventTypes.OtaInstalled] = "ota-installed",
        [EventTypes.OtaTrialBoot] = "ota-trial-boot",
        [EventTypes.OtaConfirmed] = "ota-confirmed",
        [EventTypes.OtaRolledBack] = "ota-rolled-back",
        [EventTypes.OtaOfferRefused] = "ota-offer-refused",
        [EventTypes.OtaOfferReplayed] = "ota-offer-replayed",
        [EventTypes.OtaVerified] = "ota-verified",
        [EventTypes.OtaFailed] = "ota-failed",
        [EventTypes.OtaDownloadStalled] = "ota-download-stalled",
        [EventTypes.OtaTrustRootInstalled] = "ota-trust-root-installed",
        [EventTypes.OtaAlreadyInstalled] = "ota-already-installed",
        [EventTypes.OtaChunkIgnored] = "ota-chunks-ignored",
        [EventTypes.ConnectionFailure] = "connection-failure",
        [EventTypes.AuthenticationFailure] = "authentication-failure",
        [EventTypes.ClockSet] = "clock-set",
        [EventTypes.ClockJump] = "clock-jump",
        [EventTypes.ConfigurationChanged] = "configuration-changed",
        [EventTypes.JournalThresholdReached] = "journal-threshold-reached",
        [EventTypes.RecordsDropped] = "records-dropped",
        [EventTypes.Heartbeat] = "heartbeat",
        [EventTypes.JournalRecovered] = "journal-recovered",
        [EventTypes.JournalTampered] = "journal-tampered",
    };

    /// <summary>The type with this catalogue name, or null.</summary>
    public static int? TypeOf(string name) => Names.FirstOrDefault(pair => pair.Value == name) is { Value: not null } match ? match.Key : null;

    /// <summary>The catalogue name, or "type-0xNNNN" for a type this host does not know (newer firmware).</summary>
    public static string NameOf(int type) =>
        Names.TryGetValue(type, out var name) ? name : "type-0x" + type.ToString("x4", System.Globalization.CultureInfo.InvariantCulture);
}
