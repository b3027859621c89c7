using System.Globalization;
using EdgeSecurity.Firmware.Core.Events;
using F = EdgeSecurity.Firmware.Core.Events.EventFieldIds;
using T = EdgeSecurity.Firmware.Core.Events.EventTypes;

namespace EdgeSecurity.Host.Ingest;

/// <summary>
/// The names of each event type's fields (docs/events.md, catalogue): field ids are per type, so the same id
/// means "result code" in one type and "version" in another. A field this host does not know (newer
/// firmware) reads "field-N".
/// </summary>
public static class EventFieldNames
{
    // The OTA family (0x02xx) shares one field-id table (EventFieldIds.Ota), so its names are shared too.
    private static readonly (byte Id, string Name) Version = (F.Ota.Version, "version");
    private static readonly (byte Id, string Name) Counter = (F.Ota.SecurityCounter, "securityCounter");
    private static readonly (byte Id, string Name) Slot = (F.Ota.Slot, "slot");
    private static readonly (byte Id, string Name) Chunk = (F.Ota.ChunkIndex, "chunkIndex");
    private static readonly (byte Id, string Name) Result = (F.Ota.ResultCode, "resultCode");
    private static readonly (byte Id, string Name) Reason = (F.Ota.Reason, "reason");
    private static readonly (byte Id, string Name) Campaign = (F.Ota.CampaignId, "campaignId");
    private static readonly (byte Id, string Name) Sequence = (F.Ota.OfferSequence, "offerSequence");
    private static readonly (byte Id, string Name) ChunksPresent = (F.Ota.ChunksPresent, "chunksPresent");
    private static readonly (byte Id, string Name) ChunksTotal = (F.Ota.ChunksTotal, "chunksTotal");
    private static readonly (byte Id, string Name) Component = (F.Ota.ComponentIndex, "componentIndex");

    private static readonly Dictionary<int, Dictionary<int, string>> ByType = new()
    {
        [T.BootVerification] = Names((F.Outcome.ResultCode, "resultCode"), (F.Outcome.Reason, "reason"), (F.Boot.Slot, "slot"), (F.Boot.Version, "version"), (F.Boot.PreviousVersion, "previousVersion"), (F.Boot.SecurityCounter, "securityCounter")),
        [T.IntegrityCheck] = Names((F.Outcome.ResultCode, "resultCode"), (F.Outcome.Reason, "reason"), (F.Outcome.Subject, "subject"), (F.Outcome.Count, "mismatches")),
        [T.ContainmentEntered] = Names((F.Outcome.ResultCode, "resultCode"), (F.Outcome.Reason, "reason")),
        [T.ContainmentLeft] = Names((F.Outcome.Reason, "reason")),
        [T.OtaDownloadStarted] = Names(Version, Counter, (F.Ota.TotalBytes, "totalBytes"), Campaign, Sequence),
        [T.OtaChunkFailed] = Names(Version, Chunk, Result, Reason, Campaign, Component),
        [T.OtaInstalled] = Names(Version, Slot, Campaign),
        [T.OtaTrialBoot] = Names(Version, Slot, Campaign),
        [T.OtaConfirmed] = Names(Version, Counter, Slot, Campaign),
        [T.OtaRolledBack] = Names(Version, Slot, Result, Reason, Campaign),
        [T.OtaOfferRefused] = Names(Version, Counter, Result, Reason, Campaign, Sequence),
        [T.OtaOfferReplayed] = Names(Campaign, Sequence, (F.Ota.LastAcceptedSequence, "lastAcceptedSequence")),
        [T.OtaVerified] = Names(Version, Counter, Slot, Campaign),
        [T.OtaFailed] = Names(Version, Result, Reason, Campaign, ChunksPresent, ChunksTotal),
        [T.OtaDownloadStalled] = Names(Version, Campaign, ChunksPresent, ChunksTotal),
        // The update client puts the installed root's version in the security-counter field (docs/events.md, 0x020C).
        [T.OtaTrustRootInstalled] = Names((F.Ota.SecurityCounter, "rootVersion"), Reason, Campaign),
        [T.OtaAlreadyInstalled] = Names(Version, Counter, Campaign),
        [T.OtaChunkIgnored] = Names(Chunk, Result, Reason, Campaign, Component, (F.Ota.Count, "ignoredSoFar")),
        [T.ConnectionFailure] = Names((F.Outcome.ResultCode, "resultCode"), (F.Outcome.Reason, "reason"), (F.Outcome.Subject, "endpoint"), (F.Outcome.Count, "consecutiveFailures")),
        [T.AuthenticationFailure] = Names((F.Outcome.ResultCode, "resultCode"), (F.Outcome.Reason, "reason"), (F.Outcome.Subject, "peer"), (F.Outcome.Count, "consecutiveFailures")),
        [T.ClockSet] = Names((F.Clock.PreviousUnixMs, "previousUnixMs"), (F.Clock.NewUnixMs, "newUnixMs"), (F.Clock.Source, "source"), (F.Clock.Trusted, "trusted")),
        [T.ClockJump] = Names((F.Clock.PreviousUnixMs, "expectedUnixMs"), (F.Clock.NewUnixMs, "observedUnixMs"), (F.Clock.Source, "source")),
        [T.ConfigurationChanged] = Names((F.Configuration.Item, "item"), (F.Configuration.OldDigest, "oldDigest"), (F.Configuration.NewDigest, "newDigest"), (F.Configuration.Origin, "origin")),
        [T.JournalThresholdReached] = Names((F.Journal.UsedBytes, "usedBytes"), (F.Journal.CapacityBytes, "capacityBytes"), (F.Journal.ThresholdPercent, "thresholdPercent"), (F.Journal.Records, "records")),
        [T.RecordsDropped] = Names(
            (F.Journal.DroppedTelemetry, "telemetryDropped"), (F.Journal.DroppedSecurity, "securityDropped"), (F.Journal.FirstDroppedSequence, "firstDroppedSequence"),
            (F.Journal.LastDroppedSequence, "lastDroppedSequence"), (F.Journal.DroppedTelemetryTotal, "telemetryDroppedTotal"), (F.Journal.DroppedSecurityTotal, "securityDroppedTotal"), (F.Journal.Reason, "reason")),
        [T.Heartbeat] = Names(
            (F.Heartbeat.FreeMemoryBytes, "freeMemoryBytes"), (F.Heartbeat.UptimeMs, "uptimeMs"), (F.Heartbeat.JournalRecords, "journalRecords"), (F.Heartbeat.JournalUsedBytes, "journalUsedBytes"),
            (F.Heartbeat.JournalCapacityBytes, "journalCapacityBytes"), (F.Heartbeat.DroppedTelemetryTotal, "droppedTelemetryTotal"), (F.Heartbeat.DroppedSecurityTotal, "droppedSecurityTotal"),
            (F.Heartbeat.UnacknowledgedRecords, "unacknowledgedRecords")),
        [T.JournalRecovered] = Names((F.Journal.TruncatedBytes, "truncatedBytes"), (F.Journal.SequenceStateLost, "sequenceStateLost")),
        [T.JournalTampered] = Names((F.Journal.OutOfSequenceFound, "outOfSequenceFound"), (F.Journal.OutOfSequenceAfter, "outOfSequenceAfter")),
    };

    /// <summary>Every catalogued type with its field names by id (schema-driven tests, docs).</summary>
    public static IReadOnlyDictionary<int, Dictionary<int, string>> Catalogue => ByType;

    /// <summary>The name of field <paramref name="fieldId"/> of event type <paramref name="type"/>.</summary>
    public static string NameOf(int type, int fieldId) =>
        ByType.TryGetValue(type, out var fields) && fields.TryGetValue(fieldId, out var name)
            ? name
            : "field-" + fieldId.ToString(CultureInfo.InvariantCulture);

    private static Dictionary<int, string> Names(params (byte Id, string Name)[] fields) => fields.ToDictionary(f => (int)f.Id, f => f.Name);
}
