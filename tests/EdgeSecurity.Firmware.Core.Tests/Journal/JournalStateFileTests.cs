using System.Text;
using EdgeSecurity.Firmware.Core.Events;
using EdgeSecurity.Firmware.Core.Journal;
using EdgeSecurity.Firmware.Core.Serialization;

namespace EdgeSecurity.Firmware.Core.Tests.Journal;

/// <summary>
/// The journal's two small files (docs/formats/events.md §3 and §4): what they hold on flash, what survives a
/// reboot, and what opening the journal does with a reservation file that is lost, older than the journal, of
/// another length or another file's format.
/// </summary>
public sealed class JournalStateFileTests : IDisposable
{
    private readonly EventLogHarness _device = new(EventLogHarness.Small());

    public void Dispose() => _device.Dispose();

    [Fact]
    [Trait("Requirement", "SR-EVT-003")]
    [Trait("Requirement", "SR-EVT-005")]
    public void Both_files_start_with_the_magic_of_their_format()
    {
        _device.BootJournalOnly();
        long sequence = _device.AppendDirect(EventPriority.Security, mayEvictSecurity: false);
        Assert.True(_device.Journal.Acknowledge(sequence));

        Assert.Equal("ESQ1", Encoding.ASCII.GetString(ReadFile("evt/seq.bin"), 0, 4));
        Assert.Equal("ESS1", Encoding.ASCII.GetString(ReadFile("evt/state.bin"), 0, 4));
    }

    [Fact]
    [Trait("Requirement", "SR-EVT-005")]
    public void A_pending_drop_report_survives_a_reboot_unchanged()
    {
        _device.BootJournalOnly();
        while (_device.AppendDirect(EventPriority.Security, mayEvictSecurity: false, 200) != 0)
        {
        }

        Assert.NotEqual(0, _device.AppendDirect(EventPriority.Security, mayEvictSecurity: true, 200));
        Assert.Equal(0, _device.AppendDirect(EventPriority.Telemetry, mayEvictSecurity: true, 200));
        var before = _device.Journal.PendingDropReport()!;
        Assert.True(before.Telemetry > 0 && before.Security > 0);

        _device.BootJournalOnly();

        var after = _device.Journal.PendingDropReport()!;
        Assert.Equal(
            (before.Telemetry, before.Security, before.FirstSequence, before.LastSequence, before.TelemetryTotal, before.SecurityTotal),
            (after.Telemetry, after.Security, after.FirstSequence, after.LastSequence, after.TelemetryTotal, after.SecurityTotal));
    }

    [Fact]
    [Trait("Requirement", "SR-EVT-003")]
    public void Numbers_handed_out_but_not_yet_stored_are_not_handed_out_again_when_the_reservation_file_is_lost()
    {
        _device.BootJournalOnly();
        _device.AppendDirect(EventPriority.Security, mayEvictSecurity: false);
        long handedOut = 0;
        for (int i = 0; i < _device.Options.SequenceBlock - 2; i++)
        {
            handedOut = _device.Journal.NextSequence();
        }

        _device.Flash.Delete("evt/seq.bin");
        _device.BootJournalOnly();

        Assert.True(_device.Recovery.SequenceStateLost);
        Assert.True(_device.Journal.NextSequence() > handedOut);
    }

    [Fact]
    [Trait("Requirement", "SR-EVT-003")]
    public void A_reservation_file_older_than_the_journal_does_not_bring_back_used_numbers()
    {
        _device.BootJournalOnly();
        _device.AppendDirect(EventPriority.Security, mayEvictSecurity: false);
        byte[] old = ReadFile("evt/seq.bin");
        for (int i = 0; i < 3 * _device.Options.SequenceBlock; i++)
        {
            _device.AppendDirect(EventPriority.Security, mayEvictSecurity: true);
        }

        long highest = _device.Journal.HeadSequence;
        _device.Flash.Write("evt/seq.bin", 0, old, 0, old.Length);
        _device.Flash.Flush("evt/seq.bin");
        _device.BootJournalOnly();

        Assert.True(_device.Journal.NextSequence() > highest);
    }

    [Fact]
    [Trait("Requirement", "SR-EVT-003")]
    public void A_block_is_reserved_only_when_the_previous_one_is_used_up()
    {
        _device.BootJournalOnly();
        for (int i = 0; i < _device.Options.SequenceBlock; i++)
        {
            _device.AppendDirect(EventPriority.Security, mayEvictSecurity: false);
        }

        long last = _device.Journal.HeadSequence;
        _device.BootJournalOnly();

        Assert.Equal(last + 1, _device.Journal.NextSequence());
    }

    [Theory]
    [InlineData("ESS1", 16)]
    [InlineData("ESQ1", 20)]
    [Trait("Requirement", "SR-EVT-003")]
    public void A_reservation_file_of_another_format_or_length_counts_as_lost(string magic, int length)
    {
        _device.BootJournalOnly();
        long stored = _device.AppendDirect(EventPriority.Security, mayEvictSecurity: false);
        // A CRC-valid file over its first 16 bytes: only the magic or the length can tell.
        var content = new byte[length];
        Encoding.ASCII.GetBytes(magic).CopyTo(content, 0);
        LittleEndian.PutInt64(content, 4, 1);
        Frame.WriteCrc(content, 12);
        _device.Flash.Delete("evt/seq.bin");
        _device.Flash.Write("evt/seq.bin", 0, content, 0, content.Length);
        _device.Flash.Flush("evt/seq.bin");

        _device.BootJournalOnly();

        Assert.True(_device.Recovery.SequenceStateLost);
        Assert.True(_device.Journal.NextSequence() > stored + _device.Options.SequenceBlock);
    }

    [Fact]
    [Trait("Requirement", "SR-EVT-003")]
    public void A_new_key_epoch_starts_above_its_floor_even_when_the_old_reservation_ends_just_below_it()
    {
        // The old epoch reserved every number of its band below the new floor: the next one would be the
        // floor itself, which docs/formats/events.md does not allow (numbers start above epoch x 2^40).
        _device.BootJournalOnly();
        var content = new byte[16];
        Encoding.ASCII.GetBytes("ESQ1").CopyTo(content, 0);
        LittleEndian.PutInt64(content, 4, EventRecord.EpochSequenceBand - 1);
        Frame.WriteCrc(content, 12);
        _device.Flash.Delete("evt/seq.bin");
        _device.Flash.Write("evt/seq.bin", 0, content, 0, content.Length);
        _device.Flash.Flush("evt/seq.bin");
        _device.Options.KeyEpoch = 1;

        _device.BootJournalOnly();

        Assert.False(_device.Recovery.SequenceStateLost);
        Assert.Equal(EventRecord.EpochSequenceBand + 1, _device.Journal.NextSequence());
    }

    [Fact]
    [Trait("Requirement", "SR-EVT-004")]
    public void A_repair_that_only_removed_a_segment_is_recorded_as_a_recovery()
    {
        _device.Log.Record(EventLogHarness.Security(1));
        string damaged = SegmentFile.NameOf("evt/", 9, ".bin");
        _device.Flash.Write(damaged, 0, new byte[SegmentFile.HeaderBytes], 0, SegmentFile.HeaderBytes);
        _device.Flash.Flush(damaged);

        _device.Boot();

        Assert.Equal((0, 1, false), (_device.Recovery.TruncatedBytes, _device.Recovery.RemovedSegments, _device.Recovery.SequenceStateLost));
        Assert.Equal(EventTypes.JournalRecovered, _device.Records()[^1].EventType);
    }

    private byte[] ReadFile(string name)
    {
        var content = new byte[_device.Flash.GetLength(name)];
        Assert.Equal(content.Length, _device.Flash.Read(name, 0, content, 0, content.Length));
        return content;
    }
}
