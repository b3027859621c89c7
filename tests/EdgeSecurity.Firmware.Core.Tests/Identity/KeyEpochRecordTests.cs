using EdgeSecurity.Firmware.Core.Events;
using EdgeSecurity.Firmware.Core.Tests.Events.Support;

namespace EdgeSecurity.Firmware.Core.Tests.Identity;

/// <summary>The key epoch in the record format: version 1 for epoch 0 (unchanged bytes), version 2 above.</summary>
[Trait("Requirement", "SR-ID-001")]
public sealed class KeyEpochRecordTests
{
    [Fact]
    public void Epoch_zero_records_keep_the_version_1_bytes()
    {
        var bytes = EventRecordCodec.Encode(Records.Sample(5));

        Assert.Equal(EventRecord.FormatVersion, bytes[0]);
        Assert.Equal(0, EventRecordCodec.Decode(bytes).KeyEpoch);
    }

    [Fact]
    public void A_record_of_a_later_epoch_is_version_2_and_round_trips()
    {
        var record = Records.Sample(EventRecord.EpochSequenceBand * 3 + 1);
        record.KeyEpoch = 3;

        var bytes = EventRecordCodec.Encode(record);
        var decoded = EventRecordCodec.Decode(bytes);

        Assert.Equal(EventRecord.EpochFormatVersion, bytes[0]);
        Assert.Equal(new byte[] { 3, 0 }, bytes[34..36]);
        Assert.Equal(EventRecordCodec.Encode(Records.Sample(record.Sequence)).Length + 2, bytes.Length);
        Assert.Equal(3, decoded.KeyEpoch);
        Assert.Equal(record.Sequence, decoded.Sequence);
        Assert.Equal(bytes, EventRecordCodec.Encode(decoded));
    }

    [Fact]
    public void A_version_2_record_naming_epoch_zero_is_refused_as_non_canonical()
    {
        var record = Records.Sample(2);
        record.KeyEpoch = 1;
        var bytes = EventRecordCodec.Encode(record);
        bytes[34] = 0; // the epoch (2 bytes, little-endian, at offset 34) becomes 0
        bytes[35] = 0;

        var error = Assert.Throws<EventFormatException>(() => EventRecordCodec.Decode(bytes));

        Assert.Equal(EventFormatError.InvalidKeyEpoch, error.EventReason);
    }
}
