using EdgeSecurity.Firmware.Core.Events;
using EdgeSecurity.Firmware.Core.Tests.Events.Support;
using FsCheck;
using FsCheck.Fluent;

namespace EdgeSecurity.Firmware.Core.Tests.Events;

public sealed class EventRecordCodecTests
{
    [Fact]
    [Trait("Requirement", "SR-EVT-001")]
    public void Round_trip_keeps_every_envelope_value_and_field()
    {
        var bytes = EventRecordCodec.Encode(Records.Sample(42));
        var decoded = EventRecordCodec.Decode(bytes);

        Assert.Equal("dev-0001", decoded.DeviceId);
        Assert.Equal(7u, decoded.BootCounter);
        Assert.Equal(42, decoded.Sequence);
        Assert.Equal(1_790_000_000_042, decoded.DeviceTimeUnixMs);
        Assert.True(decoded.DeviceTimeTrusted);
        Assert.Equal(5042, decoded.UptimeMs);
        Assert.Equal(EventTypes.IntegrityCheck, decoded.EventType);
        Assert.Equal(EventSeverity.Critical, decoded.Severity);
        Assert.Equal(EventPriority.Security, decoded.Priority);
        Assert.Equal(-5, decoded.FindField(1)!.Int32Value);
        Assert.Equal("digest mismatch: app.pe", decoded.FindField(2)!.StringValue);
        Assert.Equal(new byte[] { 1, 2, 3 }, decoded.FindField(3)!.BytesValue);
        Assert.Equal(long.MinValue, decoded.FindField(4)!.Int64Value);
        Assert.True(decoded.FindField(9)!.BoolValue);
        Assert.Null(decoded.FindField(5));
        Assert.Equal(bytes, EventRecordCodec.Encode(decoded));
    }

    [Fact]
    public void Layout_matches_the_spec_offsets()
    {
        var bytes = EventRecordCodec.Encode(Records.Sample(0x0102030405060708));

        Assert.Equal(1, bytes[0]);
        Assert.Equal(1, bytes[1]);
        Assert.Equal(1, bytes[2]);
        Assert.Equal(4, bytes[3]);
        Assert.Equal(new byte[] { 0x02, 0x01 }, bytes[4..6]);
        Assert.Equal(new byte[] { 7, 0, 0, 0 }, bytes[6..10]);
        Assert.Equal(new byte[] { 8, 7, 6, 5, 4, 3, 2, 1 }, bytes[10..18]);
        Assert.Equal(8, bytes[34]);
        Assert.Equal("dev-0001"u8.ToArray(), bytes[35..43]);
        Assert.Equal(5, bytes[43]);
    }

    [Fact]
    public void Long_text_is_cut_at_a_character_boundary_and_still_decodes()
    {
        var text = new string('é', 200);
        var record = Records.Sample();
        record.Fields = [EventField.String(1, text)];

        var decoded = EventRecordCodec.Decode(EventRecordCodec.Encode(record));

        Assert.Equal(new string('é', 127), decoded.FindField(1)!.StringValue);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(-1L)]
    public void Encoding_rejects_an_invalid_sequence(long sequence)
    {
        Assert.Throws<ArgumentException>(() => EventRecordCodec.Encode(Records.Sample(sequence)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("ünicode")]
    public void Encoding_rejects_an_invalid_device_id(string deviceId)
    {
        Assert.Throws<ArgumentException>(() => EventRecordCodec.Encode(Records.Sample(1, deviceId)));
    }

    [Fact]
    public void Encoding_rejects_unordered_fields_and_oversized_records()
    {
        var unordered = Records.Sample();
        unordered.Fields = [EventField.Int32(2, 0), EventField.Int32(1, 0)];
        Assert.Throws<ArgumentException>(() => EventRecordCodec.Encode(unordered));

        var big = Records.Sample();
        big.Fields = Enumerable.Range(1, 5).Select(i => EventField.Bytes((byte)i, new byte[255])).ToArray();
        Assert.Throws<ArgumentException>(() => EventRecordCodec.Encode(big));
    }

    [Theory]
    [InlineData(0, 3, EventFormatError.UnsupportedVersion)]
    [InlineData(1, 2, EventFormatError.ReservedBitsSet)]
    [InlineData(2, 2, EventFormatError.InvalidPriority)]
    [InlineData(3, 5, EventFormatError.InvalidSeverity)]
    [InlineData(34, 0, EventFormatError.InvalidDeviceId)]
    [InlineData(43, 25, EventFormatError.TooManyFields)]
    public void Decoding_names_the_broken_rule(int offset, byte value, EventFormatError expected)
    {
        var bytes = EventRecordCodec.Encode(Records.Sample());
        bytes[offset] = value;

        var error = Assert.Throws<EventFormatException>(() => EventRecordCodec.Decode(bytes));

        Assert.Equal(expected, error.EventReason);
    }

    [Fact]
    public void Decoding_rejects_invalid_utf8_and_trailing_bytes()
    {
        var record = Records.Sample();
        record.Fields = [EventField.String(1, "ab")];
        var bytes = EventRecordCodec.Encode(record);
        bytes[^1] = 0xC0;
        Assert.Equal(EventFormatError.InvalidUtf8, Assert.Throws<EventFormatException>(() => EventRecordCodec.Decode(bytes)).EventReason);

        byte[] longer = [.. EventRecordCodec.Encode(Records.Sample()), 0];
        Assert.Equal(EventFormatError.TrailingBytes, Assert.Throws<EventFormatException>(() => EventRecordCodec.Decode(longer)).EventReason);
    }

    [Fact]
    [Trait("Requirement", "SR-EVT-001")]
    public void Mutated_records_decode_canonically_or_fail_with_the_format_exception_only()
    {
        ParserProperty.Check(EventRecordCodec.Encode(Records.Sample()), b => EventRecordCodec.Encode(EventRecordCodec.Decode(b)));
    }

    [Fact]
    public void Random_records_round_trip()
    {
        var gen =
            from sequence in Gen.Choose(1, int.MaxValue)
            from boot in Gen.Choose(0, int.MaxValue)
            from type in Gen.Choose(1, 65535)
            from severity in Gen.Choose(0, 4)
            from uptime in Gen.Choose(0, int.MaxValue)
            from text in ArbMap.Default.GeneratorFor<string>()
            from blob in ArbMap.Default.GeneratorFor<byte[]>()
            from flag in ArbMap.Default.GeneratorFor<bool>()
            select new EventRecord
            {
                DeviceId = "d" + sequence,
                BootCounter = (uint)boot,
                Sequence = sequence * 4096L,
                DeviceTimeUnixMs = -sequence,
                DeviceTimeTrusted = flag,
                UptimeMs = uptime,
                EventType = (ushort)type,
                Severity = (EventSeverity)severity,
                Priority = flag ? EventPriority.Security : EventPriority.Telemetry,
                Fields =
                [
                    EventField.String(3, text ?? ""),
                    EventField.Bytes(7, blob is null ? [] : blob[..Math.Min(blob.Length, 255)]),
                    EventField.Bool(200, flag),
                ],
            };

        Prop.ForAll(gen.ToArbitrary(), record =>
        {
            var bytes = EventRecordCodec.Encode(record);
            var decoded = EventRecordCodec.Decode(bytes);
            Assert.Equal(bytes, EventRecordCodec.Encode(decoded));
            Assert.Equal(record.Sequence, decoded.Sequence);
            Assert.Equal(record.Fields[1].BytesValue, decoded.FindField(7)!.BytesValue);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(200));
    }
}
