using EdgeSecurity.Firmware.Core.Events;
using EdgeSecurity.Firmware.Core.Journal;
using EdgeSecurity.Firmware.Core.Tests.Events.Support;
using EdgeSecurity.Firmware.HostPlatform.Storage;

namespace EdgeSecurity.Firmware.Core.Tests.Journal;

/// <summary>One simulated device's event log on file-backed flash; <see cref="Boot"/> is a (re)boot.</summary>
internal sealed class EventLogHarness : IDisposable
{
    public const string DeviceId = "dev-0001";
    private readonly JournalDirectory _dir = new();
    private uint _bootCounter;

    public EventLogHarness(JournalOptions? options = null)
    {
        Options = options ?? new JournalOptions();
        Boot();
    }

    /// <summary>A device whose flash starts as a copy of <paramref name="template"/>'s (same key), not yet booted.</summary>
    public EventLogHarness(EventLogHarness template)
    {
        Options = template.Options;
        Key = template.Key;
        foreach (var file in System.IO.Directory.EnumerateFiles(template.Directory, "*", SearchOption.AllDirectories))
        {
            var target = System.IO.Path.Combine(_dir.Path, System.IO.Path.GetRelativePath(template.Directory, file));
            System.IO.Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    /// <summary>Small journal: three 1200-byte segments, a dozen records each.</summary>
    public static JournalOptions Small(int segments = 3) => new() { SegmentBytes = 1200, CapacityBytes = 1200 * segments, SequenceBlock = 4 };

    public JournalOptions Options { get; }

    public byte[] Key { get; private set; } = TestMac.NewKey();

    public TestMac Mac { get; } = new();

    public ManualClock Clock { get; } = new();

    public FileFlashStorage Flash { get; private set; } = null!;

    public EventJournal Journal { get; private set; } = null!;

    public SecurityEventLog Log { get; private set; } = null!;

    public JournalRecovery Recovery { get; private set; } = null!;

    public string Directory => _dir.Path;

    public void Boot(PowerCutPlan? cut = null)
    {
        Flash = _dir.Boot(cut);
        Journal = new EventJournal(Flash, Options);
        Log = new SecurityEventLog(Journal, Options, Mac, Key, DeviceId, ++_bootCounter, Clock);
        Recovery = Log.Open();
    }

    /// <summary>A re-enrolment with a new event key of <paramref name="epoch"/>, keeping the flash, then a boot.</summary>
    public void Reenrol(ushort epoch)
    {
        Key = TestMac.NewKey();
        Options.KeyEpoch = epoch;
        Boot();
    }

    /// <summary>Opens the journal without the log: no event is recorded at open.</summary>
    public void BootJournalOnly(PowerCutPlan? cut = null)
    {
        Flash = _dir.Boot(cut);
        Journal = new EventJournal(Flash, Options);
        Recovery = Journal.Open();
    }

    public JournalEntry[] Entries() => Journal.ReadAfter(0, int.MaxValue);

    public List<EventRecord> Records() => Entries().Select(e => EventRecordCodec.Decode(e.Record)).ToList();

    /// <summary>
    /// Appends straight to the journal (no log: nothing is reported around it) a record of
    /// <paramref name="recordBytes"/> bytes (0: the shortest well-formed one), chained to the head; returns
    /// its sequence, or 0 when the journal did not store it.
    /// </summary>
    public long AppendDirect(EventPriority priority, bool mayEvictSecurity, int recordBytes = 0)
    {
        long sequence = Journal.NextSequence();
        byte[] record = SizedRecord(sequence, priority, recordBytes);
        byte[] mac = EventChain.ComputeMac(Mac, Key, Journal.HeadMac, record);
        return Journal.Append(sequence, priority, record, mac, mayEvictSecurity) ? sequence : 0;
    }

    /// <summary>An encoded record of exactly <paramref name="recordBytes"/> bytes (0: the shortest, 37), padded
    /// with byte fields (4 bytes of field header each, at most 255 of value).</summary>
    public static byte[] SizedRecord(long sequence, EventPriority priority, int recordBytes)
    {
        var record = new EventRecord
        {
            DeviceId = "d",
            Sequence = sequence,
            EventType = EventTypes.AuthenticationFailure,
            Severity = EventSeverity.Warning,
            Priority = priority,
        };
        int padding = recordBytes == 0 ? 0 : recordBytes - EventRecordCodec.Encode(record).Length;
        int fields = (padding + EventField.MaxValueBytes + 3) / (EventField.MaxValueBytes + 4);
        int values = padding - (4 * fields);
        Assert.True(padding >= 0 && values >= 0, $"no record of {recordBytes} bytes");
        record.Fields = [.. Enumerable.Range(0, fields).Select(i => EventField.Bytes((byte)(i + 1), new byte[(values / fields) + (i < values % fields ? 1 : 0)]))];
        byte[] encoded = EventRecordCodec.Encode(record);
        Assert.Equal(recordBytes == 0 ? encoded.Length : recordBytes, encoded.Length);
        return encoded;
    }

    public static SecurityEvent Security(int n) => SecurityEvents.AuthenticationFailure("broker:" + n, 5, "bad certificate", n);

    public SecurityEvent Telemetry() => SecurityEvents.Heartbeat(50_000, Clock.UptimeMilliseconds, 1, 2, 3, 0, 0, 1);

    public void Dispose() => _dir.Dispose();
}
