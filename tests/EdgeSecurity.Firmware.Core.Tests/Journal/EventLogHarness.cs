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

    public static SecurityEvent Security(int n) => SecurityEvents.AuthenticationFailure("broker:" + n, 5, "bad certificate", n);

    public SecurityEvent Telemetry() => SecurityEvents.Heartbeat(50_000, Clock.UptimeMilliseconds, 1, 2, 3, 0, 0, 1);

    public void Dispose() => _dir.Dispose();
}
