using System.Text;
using System.Text.Json;
using EdgeSecurity.Firmware.Core.Events;
using EdgeSecurity.Firmware.Core.Upload;
using EdgeSecurity.Host.Storage.Model;

namespace EdgeSecurity.Host.Ingest;

/// <summary>Turns a verified batch entry into the stored form: decoded header, fields as JSON, exact bytes and MAC.</summary>
public static class EventRecordMapper
{
    public static SecurityEventRecord ToStored(EventBatchEntry entry, long receivedAtMs)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var record = entry.Record;
        return new SecurityEventRecord(
            record.DeviceId,
            record.Sequence,
            record.BootCounter,
            record.DeviceTimeUnixMs,
            record.DeviceTimeTrusted,
            record.UptimeMs,
            record.EventType,
            EventCatalogue.NameOf(record.EventType),
            (int)record.Severity,
            FieldsJson(record),
            entry.RecordBytes,
            entry.Mac,
            receivedAtMs);
    }

    /// <summary>Fields as a JSON object keyed by field id (names depend on the event type; docs/events.md).</summary>
    public static string FieldsJson(EventRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            foreach (var field in record.Fields ?? [])
            {
                var name = field.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
                switch (field.Kind)
                {
                    case EventFieldKind.Int32: json.WriteNumber(name, field.Int32Value); break;
                    case EventFieldKind.Int64: json.WriteNumber(name, field.Int64Value); break;
                    case EventFieldKind.Bool: json.WriteBoolean(name, field.BoolValue); break;
                    case EventFieldKind.String: json.WriteString(name, field.StringValue); break;
                    case EventFieldKind.Bytes: json.WriteString(name, Convert.ToHexString(field.BytesValue)); break;
                    default: throw new InvalidOperationException($"Unknown field kind {field.Kind} passed the decoder.");
                }
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The dropped sequence range a "records dropped" event reports, if it is one.</summary>
    public static (long First, long Last)? DroppedRange(EventRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.EventType != EventTypes.RecordsDropped)
        {
            return null;
        }

        var first = record.FindField(EventFieldIds.Journal.FirstDroppedSequence);
        var last = record.FindField(EventFieldIds.Journal.LastDroppedSequence);
        return first is null || last is null ? null : (first.Int64Value, last.Int64Value);
    }

    /// <summary>The result code (field 1) of an outcome event; 0 means success, null when the event has none.</summary>
    public static int? ResultCode(EventRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var field = record.FindField(EventFieldIds.Outcome.ResultCode);
        return field is { Kind: EventFieldKind.Int32 } ? field.Int32Value : null;
    }
}
