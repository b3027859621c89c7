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
    private const int MacBytes = 32;

    /// <summary>Applies <paramref name="kind"/> to the newest segment; returns the affected record's sequence.</summary>
    public static long Apply(IFlashStorage flash, TamperKind kind)
    {
        ArgumentNullException.ThrowIfNull(flash);
        var segment = flash.List(JournalDirectory).Where(n => n.EndsWith(".bin", StringComparison.Ordinal) && n.Contains("seg-", StringComparison.Ordinal)).Order(StringComparer.Ordinal).LastOrDefault()
            ?? throw new InvalidOperationException("The journal has no segment to tamper with.");
        var content = new byte[flash.GetLength(segment)];
        flash.Read(segment, 0, content, 0, content.Length);
        var frames = Frames(content);
        if (frames.Count == 0 || (kind == TamperKind.Delete && frames.Count < 2))
        {
            throw new InvalidOperationException($"The newest journal segment has too few records to {kind.ToString().ToLowerInvariant()} one.");
        }

        byte[] changed;
        (int Offset, int Length, int RecordOffset, int RecordLength) target;
        if (kind == TamperKind.Flip)
        {
            target = frames[^1];
            changed = (byte[])content.Clone();

            // The last byte of a record is a field value: the record still decodes, only its MAC no longer matches.
            changed[target.RecordOffset + target.RecordLength - 1] ^= 0x01;
            WriteFrameCrc(changed, target.Offset, target.Length);
        }
        else
        {
            target = frames[^2];
            changed = [.. content.AsSpan(0, target.Offset), .. content.AsSpan(target.Offset + target.Length)];
        }

        var sequence = EventRecordCodec.Decode(content.AsSpan(target.RecordOffset, target.RecordLength).ToArray()).Sequence;
        flash.SetLength(segment, 0);
        flash.Write(segment, 0, changed, 0, changed.Length);
        flash.Flush(segment);
        return sequence;
    }

    private static List<(int Offset, int Length, int RecordOffset, int RecordLength)> Frames(byte[] content)
    {
        var frames = new List<(int, int, int, int)>();
        var at = SegmentHeaderBytes;
        while (at + 4 <= content.Length && content[at] == 0xA5)
        {
            var hasPrevious = content[at + 1] == 1;
            var recordLength = content[at + 2] | (content[at + 3] << 8);
            var recordOffset = at + 4 + (hasPrevious ? MacBytes : 0);
            var length = recordOffset - at + recordLength + MacBytes + 4;
            if (at + length > content.Length)
            {
                break;
            }

            frames.Add((at, length, recordOffset, recordLength));
            at += length;
        }

        return frames;
    }

    private static void WriteFrameCrc(byte[] buffer, int offset, int length) =>
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(offset + length - 4, 4), Crc32.Compute(buffer, offset, length - 4));
}
