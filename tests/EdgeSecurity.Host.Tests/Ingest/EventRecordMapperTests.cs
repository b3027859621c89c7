using System.Text.Json;
using EdgeSecurity.Firmware.Core.Events;
using EdgeSecurity.Firmware.Core.Upload;
using EdgeSecurity.Host.Ingest;
using EdgeSecurity.Host.Tests.Support;

namespace EdgeSecurity.Host.Tests.Ingest;

/// <summary>
/// What a verified record becomes in storage (what the API and the exports show an analyst), and the two readings
/// other steps take from a record: the dropped range that explains a chain gap, and the result code the
/// failure-only alert rules and the firmware-version tracker test.
/// </summary>
public sealed class EventRecordMapperTests
{
    [Fact]
    [Trait("Requirement", "SR-EVT-HOST-001")]
    public void A_stored_record_keeps_the_device_s_header_its_exact_bytes_and_mac_and_names_its_type()
    {
        var journal = new SimulatedJournal("dev-m", new byte[32]);
        journal.AppendHeartbeats(1);
        journal.Append(SecurityEvents.IntegrityCheck(3, "digest differs", "app.pe", 2));
        var entry = EventBatchCodec.Decode(journal.Batch(1, 2)).Entries[0];

        var stored = EventRecordMapper.ToStored(entry, 1_234_567);

        Assert.Equal(
            ("dev-m", 2L, 1L, 1_790_000_002_000L, true, 2_000L, (int)EventTypes.IntegrityCheck, "integrity-check", (int)EventSeverity.Critical, 1_234_567L),
            (stored.DeviceId, stored.Sequence, stored.BootCounter, stored.DeviceTimeMs, stored.DeviceTimeTrusted, stored.UptimeMs, stored.Type, stored.TypeName, stored.Severity, stored.ReceivedAtMs));
        Assert.Equal("""{"1":3,"2":"digest differs","3":"app.pe","4":2}""", stored.FieldsJson);
        Assert.Equal(journal.Entries[1].Record, stored.RawRecord);
        Assert.Equal(journal.Entries[1].Mac, stored.Mac);
        Assert.Equal("entry", Assert.Throws<ArgumentNullException>(() => EventRecordMapper.ToStored(null!, 0)).ParamName);
    }

    [Fact]
    [Trait("Requirement", "SR-API-009")]
    public void Every_field_kind_is_written_as_its_json_value_keyed_by_its_id()
    {
        var record = new EventRecord
        {
            EventType = EventTypes.ConfigurationChanged,
            Fields = [EventField.Int32(1, -7), EventField.Int64(2, 1L << 40), EventField.Bool(3, true), EventField.Bool(4, false), EventField.String(5, "a\"b"), EventField.Bytes(6, [0x0A, 0xFF])],
        };

        var fields = JsonDocument.Parse(EventRecordMapper.FieldsJson(record)).RootElement;

        Assert.Equal(-7, fields.GetProperty("1").GetInt32());
        Assert.Equal(1L << 40, fields.GetProperty("2").GetInt64());
        Assert.True(fields.GetProperty("3").GetBoolean());
        Assert.False(fields.GetProperty("4").GetBoolean());
        Assert.Equal("a\"b", fields.GetProperty("5").GetString());
        Assert.Equal("0AFF", fields.GetProperty("6").GetString());
        Assert.Equal("{}", EventRecordMapper.FieldsJson(new EventRecord { EventType = EventTypes.Heartbeat }));
    }

    [Fact]
    [Trait("Requirement", "SR-EVT-HOST-005")]
    public void Only_a_records_dropped_event_with_both_ends_gives_a_dropped_range()
    {
        Assert.Equal((4L, 9L), EventRecordMapper.DroppedRange(Record(SecurityEvents.RecordsDropped(0, 6, 4, 9, 0, 6, "journal full"))));

        // Field ids are per type: a heartbeat's fields 3 and 4 are journal counts, not a dropped range.
        Assert.Null(EventRecordMapper.DroppedRange(Record(SecurityEvents.Heartbeat(1, 2, 4, 9, 64, 0, 0, 0))));
        var dropped = SecurityEvents.RecordsDropped(0, 6, 4, 9, 0, 6, "journal full");
        Assert.Null(EventRecordMapper.DroppedRange(Without(dropped, EventFieldIds.Journal.FirstDroppedSequence)));
        Assert.Null(EventRecordMapper.DroppedRange(Without(dropped, EventFieldIds.Journal.LastDroppedSequence)));
    }

    [Fact]
    [Trait("Requirement", "SR-ALERT-002")]
    public void A_result_code_is_read_only_from_an_int32_field_one()
    {
        Assert.Equal(5, EventRecordMapper.ResultCode(Record(SecurityEvents.IntegrityCheck(5, "x", "app.pe", 1))));
        Assert.Equal(0, EventRecordMapper.ResultCode(Record(SecurityEvents.ContainmentEntered(0, "x"))));

        // An OTA download's field 1 is its version (a string), a containment-left event has no field 1.
        Assert.Null(EventRecordMapper.ResultCode(Record(SecurityEvents.OtaDownloadStarted("2.0.0.0", 2, 100))));
        Assert.Null(EventRecordMapper.ResultCode(Record(SecurityEvents.ContainmentLeft("x"))));
    }

    [Fact]
    public void A_missing_record_is_refused_by_name()
    {
        Assert.Equal("record", Assert.Throws<ArgumentNullException>(() => EventRecordMapper.FieldsJson(null!)).ParamName);
        Assert.Equal("record", Assert.Throws<ArgumentNullException>(() => EventRecordMapper.DroppedRange(null!)).ParamName);
        Assert.Equal("record", Assert.Throws<ArgumentNullException>(() => EventRecordMapper.ResultCode(null!)).ParamName);
    }

    private static EventRecord Record(SecurityEvent e) => new() { EventType = e.Type, Severity = e.Severity, Fields = e.Fields };

    private static EventRecord Without(SecurityEvent e, byte fieldId) => new() { EventType = e.Type, Severity = e.Severity, Fields = [.. e.Fields.Where(f => f.Id != fieldId)] };
}
