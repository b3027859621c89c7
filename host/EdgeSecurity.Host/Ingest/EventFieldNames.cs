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
    private static readonly Dictionary<int, Dictionary<int, string>> ByType = new()
    {
        [T.BootVerification] = Names((F.Outcome.ResultCode, "resultCode"), (F.Outcome.Reason, "reason"), (F.Boot.Slot, "slot"), (F.Boot.Version, "version"), (F.Boot.PreviousVersion, "previousVersion"), (F.Boot.SecurityCounter, "securityCounter")),
        [T.IntegrityCheck] = Names((F.Outcome.ResultCode, "resultCode"), (F.Outcome.Reason, "reason"), (F.Outcome.Subject, "subject"), (F.Outcome.Count, "mismatches")),
        [T.ContainmentEntered] = Names((F.Outcome.ResultCode, "resultCode"), (F.Outcome.Reason, "reason")),
        [T.ContainmentLeft] = Names((F.Outcome.Reason, "reason")),
        [T.OtaDownloadStarted] = Names((F.Ota.Version, "version"), (F.Ota.SecurityCounter, "securityCounter"), (F.Ota.TotalBytes, "totalBytes")),
        [T.OtaChunkFailed] = Names((F.Ota.Version, "version"), (F.Ota.ChunkIndex, "chunkIndex"), (F.Ota.ResultCode, "resultCode"), (F.Ota.Reason, "reason")),
        [T.OtaInstalled] = Names((F.Ota.Version, "version"), (F.Ota.Slot, "slot")),
        [T.OtaTrialBoot] = Names((F.Ota.Version, "version"), (F.Ota.Slot, "slot")),
        [T.OtaConfirmed] = Names((F.Ota.Version, "version"), (F.Ota.SecurityCounter, "securityCounter"), (F.Ota.Slot, "slot")),
        [T.OtaRolledBack] = Names((F.Ota.Version, "version"), (F.Ota.Slot, "slot"), (F.Ota.ResultCode, "resultCode"), (F.Ota.Reason, "reason")),
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
