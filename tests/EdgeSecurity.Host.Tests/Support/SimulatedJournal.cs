using EdgeSecurity.Firmware.Core.Events;
using EdgeSecurity.Firmware.Core.Journal;
using EdgeSecurity.Firmware.Core.Upload;

namespace EdgeSecurity.Host.Tests.Support;

/// <summary>
/// A device's event chain built with the core's record codec and chain MAC, so tests can make batches
/// (core batch encoder) with holes, tampering and replays that a real journal would never produce.
/// </summary>
internal sealed class SimulatedJournal(string deviceId, byte[] eventKey)
{
    private readonly List<JournalEntry> _entries = [];
    private byte[] _lastMac = EventChain.Genesis();
    private long _sequence;
    private byte[] _key = eventKey;
    private ushort _epoch;

    public string DeviceId => deviceId;

    public IReadOnlyList<JournalEntry> Entries => _entries;

    public long LastSequence => _sequence;

    /// <summary>Appends a record (chained to the previous one) and returns it.</summary>
    public JournalEntry Append(SecurityEvent securityEvent, string? recordDeviceId = null) => Append(securityEvent, recordDeviceId, _key);

    /// <summary>Appends a record chained to the previous one but MAC'd with <paramref name="wrongKey"/>: what
    /// someone without the device's key could make (a forgery the host must not believe).</summary>
    public JournalEntry AppendForged(SecurityEvent securityEvent, byte[] wrongKey) => Append(securityEvent, null, wrongKey);

    private JournalEntry Append(SecurityEvent securityEvent, string? recordDeviceId, byte[] macKey)
    {
        var record = new EventRecord
        {
            DeviceId = recordDeviceId ?? deviceId,
            BootCounter = 1,
            Sequence = ++_sequence,
            KeyEpoch = _epoch,
            DeviceTimeUnixMs = 1_790_000_000_000 + (_sequence * 1000),
            DeviceTimeTrusted = true,
            UptimeMs = _sequence * 1000,
            EventType = securityEvent.Type,
            Severity = securityEvent.Severity,
            Priority = securityEvent.Priority,
            Fields = securityEvent.Fields,
        };
        var bytes = EventRecordCodec.Encode(record);
        var mac = EventChain.ComputeMac(TestMac.Instance, macKey, _lastMac, bytes);
        var entry = new JournalEntry(record.Sequence, bytes, mac, _lastMac);
        _lastMac = mac;
        _entries.Add(entry);
        return entry;
    }

    /// <summary>The device was re-enrolled with <paramref name="newKey"/> as key epoch <paramref name="epoch"/>: the next
    /// record is the first of the epoch's sequence band, chained to the last record and MAC'd with the new key.</summary>
    public void Reenrol(ushort epoch, byte[] newKey)
    {
        _epoch = epoch;
        _key = newKey;
        _sequence = epoch * EventRecord.EpochSequenceBand;
    }

    public void AppendHeartbeats(int count)
    {
        for (var i = 0; i < count; i++)
        {
            Append(SecurityEvents.Heartbeat(100_000, i * 1000L, i, 100, 65536, 0, 0, 0));
        }
    }

    /// <summary>The batch message of the entries with these sequence numbers (core encoder).</summary>
    public byte[] Batch(uint batchId, params long[] sequences) =>
        EventBatchCodec.Encode(batchId, [.. sequences.Select(s => _entries.Single(e => e.Sequence == s))], sequences.Length);

    /// <summary>A batch with the device's completeness statement from <paramref name="coveredFrom"/>, made with
    /// <paramref name="key"/> (default: the device's event key).</summary>
    public byte[] CompleteBatch(uint batchId, long coveredFrom, long[] sequences, byte[]? key = null)
    {
        JournalEntry[] entries = [.. sequences.Select(s => _entries.Single(e => e.Sequence == s))];
        return EventBatchCodec.Encode(batchId, entries, entries.Length, BatchCompleteness.Create(TestMac.Instance, key ?? _key, coveredFrom, entries, entries.Length));
    }

    public byte[] BatchAll(uint batchId) => Batch(batchId, [.. _entries.Select(e => e.Sequence)]);

    /// <summary>Re-chained copy of an entry with other content but a valid MAC over the same predecessor (a conflicting record).</summary>
    public JournalEntry Conflicting(long sequence, SecurityEvent other)
    {
        var original = _entries.Single(e => e.Sequence == sequence);
        var record = EventRecordCodec.Decode(original.Record);
        record.EventType = other.Type;
        record.Severity = other.Severity;
        record.Priority = other.Priority;
        record.Fields = other.Fields;
        var bytes = EventRecordCodec.Encode(record);
        return new JournalEntry(sequence, bytes, EventChain.ComputeMac(TestMac.Instance, _key, original.PreviousMac, bytes), original.PreviousMac);
    }
}

/// <summary>The .NET MAC primitive the simulator and tools use, standing in for the device's.</summary>
internal static class TestMac
{
    public static readonly EdgeSecurity.Firmware.Core.Platform.IMacPrimitive Instance = new EdgeSecurity.Platform.Crypto.HmacSha256MacPrimitive();
}
