using System.Buffers.Binary;
using EdgeSecurity.Firmware.Core.Events;
using EdgeSecurity.Firmware.Core.Journal;
using EdgeSecurity.Firmware.Core.Platform;

namespace EdgeSecurity.Simulator.Faults;

/// <summary>How an attacker with access to the flash changes the journal.</summary>
public enum TamperKind
{
    /// <summary>Changes a byte of the newest record and fixes the frame CRC (the MAC cannot be fixed).</summary>
    Flip,

    /// <summary>Removes the record before the newest one from its segment.</summary>
    Delete,

    /// <summary>
    /// Re-inserts after the newest record a copy of an earlier one (already uploaded), as a standalone
    /// frame: its previous MAC made explicit and the CRC fixed, so the copy's MAC still verifies.
    /// </summary>
    Replay,
}

/// <summary>
/// Edits journal segment files the way an attacker who can read and write the flash would: frames stay
/// well-formed (CRC recomputed) so the device itself accepts them; only the MAC chain can tell.
/// Frame layout: docs/formats/events.md §4 (marker, flags, little-endian length, optional previous MAC,
/// record, MAC, little-endian CRC-32).
/// </summary>
public static class JournalTamper
{
    private const string JournalDirectory = "evt/";
    private const int SegmentHeaderBytes = 52;
    private const int SegmentPreviousMacOffset = 16;
    private const int MacBytes = 32;
    private const byte FrameMarker = 0xA5;

    /// <summary>
    /// Applies <paramref name="kind"/> to the newest segment; returns the affected record's sequence. A
    /// replay copies the oldest record of that segment (already uploaded when the device was drained before
    /// the later ones were written); <see cref="CopyNewestRecord"/> and <see cref="Reinsert"/> choose the copy.
    /// </summary>
    public static long Apply(IFlashStorage flash, TamperKind kind)
    {
        ArgumentNullException.ThrowIfNull(flash);
        var segment = NewestSegment(flash);
        var content = ReadAll(flash, segment);
        var frames = Frames(content);
        var needed = kind == TamperKind.Flip ? 1 : 2;
        if (frames.Count < needed)
        {
            throw new InvalidOperationException($"The newest journal segment has {frames.Count} record(s); {kind.ToString().ToLowerInvariant()} needs {needed}.");
        }

        return kind switch
        {
            TamperKind.Flip => Flip(flash, segment, content, frames[^1]),
            TamperKind.Delete => Delete(flash, segment, content, frames[^2]),
            TamperKind.Replay => Reinsert(flash, Standalone(content, frames, 0)),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown tamper kind."),
        };
    }

    /// <summary>The newest record of the journal as a standalone frame (what an attacker dumps to replay later).</summary>
    public static byte[] CopyNewestRecord(IFlashStorage flash)
    {
        ArgumentNullException.ThrowIfNull(flash);
        var segment = NewestSegment(flash);
        var content = ReadAll(flash, segment);
        var frames = Frames(content);
        return frames.Count > 0
            ? Standalone(content, frames, frames.Count - 1)
            : throw new InvalidOperationException("The newest journal segment has no record to copy.");
    }

    /// <summary>Appends <paramref name="frame"/> (from <see cref="CopyNewestRecord"/>) after the newest record; returns its sequence.</summary>
    public static long Reinsert(IFlashStorage flash, byte[] frame)
    {
        ArgumentNullException.ThrowIfNull(flash);
        ArgumentNullException.ThrowIfNull(frame);
        byte[] alone = [.. new byte[SegmentHeaderBytes], .. frame];
        var parsed = Frames(alone);
        if (parsed.Count != 1 || parsed[0].Length != frame.Length)
        {
            throw new ArgumentException("Not exactly one journal frame.", nameof(frame));
        }

        var segment = NewestSegment(flash);
        var content = ReadAll(flash, segment);
        var frames = Frames(content);
        var end = frames.Count > 0 ? frames[^1].Offset + frames[^1].Length : SegmentHeaderBytes;
        Overwrite(flash, segment, [.. content.AsSpan(0, end), .. frame]);
        return SequenceOf(alone, parsed[0]);
    }

    private static long Flip(IFlashStorage flash, string segment, byte[] content, FrameAt target)
    {
        var changed = (byte[])content.Clone();

        // The last byte of a record is a field value: the record still decodes, only its MAC no longer matches.
        changed[target.RecordOffset + target.RecordLength - 1] ^= 0x01;
        WriteFrameCrc(changed, target.Offset, target.Length);
        Overwrite(flash, segment, changed);
        return SequenceOf(content, target);
    }

    private static long Delete(IFlashStorage flash, string segment, byte[] content, FrameAt target)
    {
        Overwrite(flash, segment, [.. content.AsSpan(0, target.Offset), .. content.AsSpan(target.Offset + target.Length)]);
        return SequenceOf(content, target);
    }

    /// <summary>Frame <paramref name="index"/> re-encoded with its previous MAC explicit (flag 1) and a fixed CRC.</summary>
    private static byte[] Standalone(byte[] content, List<FrameAt> frames, int index)
    {
        var target = frames[index];
        var previousMac = PreviousMacOf(content, frames, index);
        var tail = content.AsSpan(target.RecordOffset, target.RecordLength + MacBytes);
        byte[] copy = [FrameMarker, 1, content[target.Offset + 2], content[target.Offset + 3], .. previousMac, .. tail, 0, 0, 0, 0];
        WriteFrameCrc(copy, 0, copy.Length);
        return copy;
    }

    /// <summary>The MAC frame <paramref name="index"/> is chained to: explicit in the frame, else its predecessor's or the segment header's.</summary>
    private static ReadOnlySpan<byte> PreviousMacOf(byte[] content, List<FrameAt> frames, int index)
    {
        var frame = frames[index];
        if (content[frame.Offset + 1] == 1)
        {
            return content.AsSpan(frame.Offset + 4, MacBytes);
        }

        if (index == 0)
        {
            return content.AsSpan(SegmentPreviousMacOffset, MacBytes);
        }

        var before = frames[index - 1];
        return content.AsSpan(before.RecordOffset + before.RecordLength, MacBytes);
    }

    private static string NewestSegment(IFlashStorage flash) =>
        flash.List(JournalDirectory).Where(n => n.EndsWith(".bin", StringComparison.Ordinal) && n.Contains("seg-", StringComparison.Ordinal)).Order(StringComparer.Ordinal).LastOrDefault()
            ?? throw new InvalidOperationException("The journal has no segment to tamper with.");

    private static byte[] ReadAll(IFlashStorage flash, string name)
    {
        var content = new byte[flash.GetLength(name)];
        flash.Read(name, 0, content, 0, content.Length);
        return content;
    }

    private static void Overwrite(IFlashStorage flash, string name, byte[] content)
    {
        flash.SetLength(name, 0);
        flash.Write(name, 0, content, 0, content.Length);
        flash.Flush(name);
    }

    private static long SequenceOf(byte[] content, FrameAt frame) =>
        EventRecordCodec.Decode(content.AsSpan(frame.RecordOffset, frame.RecordLength).ToArray()).Sequence;

    private static List<FrameAt> Frames(byte[] content)
    {
        var frames = new List<FrameAt>();
        var at = SegmentHeaderBytes;
        while (at + 4 <= content.Length && content[at] == FrameMarker)
        {
            var hasPrevious = content[at + 1] == 1;
            var recordLength = content[at + 2] | (content[at + 3] << 8);
            var recordOffset = at + 4 + (hasPrevious ? MacBytes : 0);
            var length = recordOffset - at + recordLength + MacBytes + 4;
            if (at + length > content.Length)
            {
                break;
            }

            frames.Add(new FrameAt(at, length, recordOffset, recordLength));
            at += length;
        }

        return frames;
    }

    private static void WriteFrameCrc(byte[] buffer, int offset, int length) =>
        BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(offset + length - 4, 4), Crc32.Compute(buffer, offset, length - 4));

    /// <summary>Where one frame and its record lie in a segment file.</summary>
    private readonly record struct FrameAt(int Offset, int Length, int RecordOffset, int RecordLength);
}
