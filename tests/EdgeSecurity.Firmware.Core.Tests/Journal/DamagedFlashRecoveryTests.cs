using EdgeSecurity.Firmware.Core.Events;
using EdgeSecurity.Firmware.Core.Journal;
using EdgeSecurity.Firmware.Core.Serialization;

namespace EdgeSecurity.Firmware.Core.Tests.Journal;

/// <summary>
/// What opening the journal does with bytes that no complete append left behind: a tail too short to hold a
/// frame header, a complete frame whose bytes were damaged afterwards, a CRC-valid frame whose record length
/// the format does not allow, and a segment header of another format. Each is cut or removed, every record
/// before it is kept, and the journal opens instead of failing (docs/formats/events.md §4). The boundary of
/// what is allowed is checked from the other side too: the shortest well-formed record is kept.
/// </summary>
public sealed class DamagedFlashRecoveryTests : IDisposable
{
    private readonly EventLogHarness _device = new();

    public void Dispose() => _device.Dispose();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [Trait("Requirement", "SR-EVT-004")]
    public void A_torn_tail_shorter_than_a_frame_header_is_cut(int tornBytes)
    {
        RecordFive();
        byte[] frameStart = [Frame.Marker, 0x00, 0x60];
        AppendToSegment(frameStart.Take(tornBytes).ToArray());

        _device.BootJournalOnly();

        Assert.Equal(tornBytes, _device.Recovery.TruncatedBytes);
        Assert.Equal([1L, 2, 3, 4, 5], _device.Entries().Select(e => e.Sequence));
    }

    [Fact]
    [Trait("Requirement", "SR-EVT-004")]
    public void A_complete_record_whose_bytes_were_damaged_on_flash_is_cut_and_the_records_before_it_kept()
    {
        RecordFive();
        var last = _device.Entries()[^1];
        string segment = Segment();
        int length = _device.Flash.GetLength(segment);
        // One bit of the last frame's MAC: marker, flags and length still parse, only the CRC can tell.
        FlipBit(segment, length - 4 - 1);

        _device.BootJournalOnly();

        Assert.Equal(Frame.SizeFor(last.Record.Length, explicitPrevious: false), _device.Recovery.TruncatedBytes);
        Assert.False(_device.Recovery.TamperingFound);
        Assert.Equal([1L, 2, 3, 4], _device.Entries().Select(e => e.Sequence));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(36)]
    [InlineData(EventRecordCodec.MaxRecordBytes + 1)]
    [Trait("Requirement", "SR-EVT-004")]
    public void A_frame_with_a_valid_CRC_but_a_record_length_the_format_does_not_allow_is_cut(int recordLength)
    {
        RecordFive();
        var last = _device.Entries()[^1];
        // A later sequence, so only the length can make the frame unacceptable.
        var record = new byte[recordLength];
        Array.Copy(last.Record, record, Math.Min(recordLength, last.Record.Length));
        if (recordLength >= 18)
        {
            LittleEndian.PutInt64(record, 10, last.Sequence + 1);
        }

        byte[] frame = Frame.Encode(record, last.Mac, null);
        AppendToSegment(frame);

        _device.BootJournalOnly();

        Assert.Equal(frame.Length, _device.Recovery.TruncatedBytes);
        Assert.Equal([1L, 2, 3, 4, 5], _device.Entries().Select(e => e.Sequence));
    }

    [Fact]
    [Trait("Requirement", "SR-EVT-004")]
    public void The_shortest_well_formed_record_is_stored_and_survives_a_reboot()
    {
        _device.BootJournalOnly();
        var journal = _device.Journal;
        long sequence = journal.NextSequence();
        byte[] record = EventRecordCodec.Encode(new EventRecord
        {
            DeviceId = "d",
            Sequence = sequence,
            EventType = EventTypes.AuthenticationFailure,
            Severity = EventSeverity.Warning,
            Priority = EventPriority.Security,
        });
        Assert.Equal(37, record.Length);
        byte[] mac = EventChain.ComputeMac(_device.Mac, _device.Key, journal.HeadMac, record);

        Assert.True(journal.Append(sequence, EventPriority.Security, record, mac, mayEvictSecurity: false));
        _device.BootJournalOnly();

        Assert.Equal(0, _device.Recovery.TruncatedBytes);
        var stored = Assert.Single(_device.Entries());
        Assert.Equal(record, stored.Record);
        Assert.Equal(mac, stored.Mac);
    }

    [Fact]
    [Trait("Requirement", "SR-EVT-004")]
    public void A_segment_whose_header_names_another_format_is_removed_even_with_a_valid_header_CRC()
    {
        RecordFive();
        string segment = Segment();
        var content = ReadSegment(segment);
        content[3] = (byte)'2'; // "ESJ2": not this format.
        Frame.WriteCrc(content, 48);
        _device.Flash.Write(segment, 0, content, 0, 52);
        _device.Flash.Flush(segment);

        _device.BootJournalOnly();

        Assert.Equal(1, _device.Recovery.RemovedSegments);
        Assert.Empty(_device.Entries());
    }

    [Fact]
    [Trait("Requirement", "SR-EVT-004")]
    public void A_segment_copied_onto_another_segment_number_is_removed_and_its_records_are_not_read_twice()
    {
        RecordFive();
        string segment = Segment();
        var content = ReadSegment(segment);
        // The copy's header and every frame are intact; only its file name says it is segment 2.
        string copy = SegmentFile.NameOf("evt/", 2, ".bin");
        _device.Flash.Write(copy, 0, content, 0, content.Length);
        _device.Flash.Flush(copy);

        _device.BootJournalOnly();

        Assert.Equal(1, _device.Recovery.RemovedSegments);
        Assert.False(_device.Flash.Exists(copy));
        Assert.Equal([1L, 2, 3, 4, 5], _device.Entries().Select(e => e.Sequence));
    }

    [Fact]
    [Trait("Requirement", "SR-EVT-004")]
    public void A_journal_that_holds_no_record_yet_reopens_without_repairs()
    {
        _device.BootJournalOnly();

        Assert.False(_device.Recovery.RepairedAnything);
        Assert.Equal(0, _device.Recovery.RemovedSegments);
    }

    [Fact]
    [Trait("Requirement", "SR-EVT-009")]
    public void A_copy_of_the_last_record_written_right_after_it_is_reported_as_tampering()
    {
        RecordFive();
        var last = _device.Entries()[^1];
        byte[] copy = Frame.Encode(last.Record, last.Mac, last.PreviousMac);
        AppendToSegment(copy);

        _device.BootJournalOnly();

        Assert.True(_device.Recovery.TamperingFound);
        Assert.Equal((5L, 5L), (_device.Recovery.OutOfSequenceFound, _device.Recovery.OutOfSequenceAfter));
        Assert.Equal(copy.Length, _device.Recovery.TruncatedBytes);
        Assert.Equal([1L, 2, 3, 4, 5], _device.Entries().Select(e => e.Sequence));
    }

    private void RecordFive()
    {
        for (int i = 1; i <= 5; i++)
        {
            _device.Log.Record(EventLogHarness.Security(i));
        }
    }

    private string Segment() => _device.Flash.List("evt/seg-").Single();

    private byte[] ReadSegment(string segment)
    {
        var content = new byte[_device.Flash.GetLength(segment)];
        Assert.Equal(content.Length, _device.Flash.Read(segment, 0, content, 0, content.Length));
        return content;
    }

    private void AppendToSegment(byte[] bytes)
    {
        string segment = Segment();
        _device.Flash.Write(segment, _device.Flash.GetLength(segment), bytes, 0, bytes.Length);
        _device.Flash.Flush(segment);
    }

    private void FlipBit(string segment, int position)
    {
        var one = new byte[1];
        _device.Flash.Read(segment, position, one, 0, 1);
        one[0] ^= 0x01;
        _device.Flash.Write(segment, position, one, 0, 1);
        _device.Flash.Flush(segment);
    }
}
