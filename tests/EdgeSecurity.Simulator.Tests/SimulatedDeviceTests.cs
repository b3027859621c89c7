using EdgeSecurity.Firmware.Core.Events;
using EdgeSecurity.Firmware.Core.Journal;
using EdgeSecurity.Firmware.HostPlatform.Storage;
using EdgeSecurity.Platform.Crypto;
using EdgeSecurity.Simulator.Device;
using EdgeSecurity.Simulator.Faults;
using EdgeSecurity.Simulator.Provisioning;

namespace EdgeSecurity.Simulator.Tests;

public sealed class SimulatedDeviceTests(PackageFixture fixture) : IClassFixture<PackageFixture>
{
    [Fact]
    public void Provisioned_device_boots_the_signed_bundle_and_records_its_boot()
    {
        var device = NewDevice();
        device.Provision(fixture.Release.Bundle);
        device.PowerOn();

        Assert.True(device.Runtime!.Decision.MayRunApplication, device.Runtime.Decision.Report.ToString());
        Assert.Equal(1, device.Statistics().EventsGenerated);
    }

    [Fact]
    public void Bundle_for_another_hardware_class_is_refused_at_provisioning()
    {
        var other = Release.SimulatorRelease.Create("other-board");
        var device = NewDevice();

        var error = Assert.Throws<InvalidOperationException>(() => device.Provision(other.Bundle));
        Assert.Contains("refused", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Requirement", "SR-EVT-E2E-004")]
    public void Integrity_violation_is_found_and_recorded_as_a_failed_check()
    {
        var device = Booted();
        device.Inject(DeviceFaults.IntegrityViolation());
        device.Step(TimeSpan.FromMilliseconds(10));

        Assert.Equal(1, device.Statistics().IntegrityFindings);
    }

    [Fact]
    public void Power_cut_fault_reboots_and_keeps_every_completed_record()
    {
        var device = Booted(trackSequences: true);
        device.Inject(d =>
        {
            d.PowerOn(new PowerCutPlan(12, 0.5));
            d.RecordBurst(20);
        });
        device.Step(TimeSpan.FromMilliseconds(10));

        var stats = device.Statistics();
        Assert.Equal(1, stats.PowerCuts);
        var stored = ReadJournalSequences(device);
        Assert.All(device.RecordedSequences, s => Assert.Contains(s, stored));
    }

    [Theory]
    [InlineData(TamperKind.Flip)]
    [InlineData(TamperKind.Delete)]
    [Trait("Requirement", "SR-EVT-E2E-005")]
    public void Tampered_journal_no_longer_verifies_as_a_chain(TamperKind kind)
    {
        var device = Booted();
        device.RecordBurst(5);
        Assert.True(ChainVerifies(device));

        device.Inject(DeviceFaults.TamperJournal(kind));
        device.Step(TimeSpan.FromMilliseconds(10));

        Assert.False(ChainVerifies(device));
    }

    [Fact]
    [Trait("Requirement", "SR-EVT-E2E-010")]
    public void Replay_copy_is_a_well_formed_frame_whose_MAC_still_verifies()
    {
        var device = Booted();
        device.RecordBurst(3);
        var newest = device.Runtime!.Log.Journal.ReadAfter(0, 10_000)[^1];

        var copy = JournalTamper.CopyNewestRecord(FlashOf(device));

        // Marker, "previous MAC explicit" flag, record length; then previous MAC, record, MAC and a valid CRC.
        Assert.Equal(0xA5, copy[0]);
        Assert.Equal(1, copy[1]);
        Assert.Equal(newest.Record.Length, copy[2] | (copy[3] << 8));
        Assert.Equal(newest.PreviousMac, copy[4..36]);
        Assert.Equal(newest.Record, copy[36..^36]);
        Assert.Equal(newest.Mac, copy[^36..^4]);
        Assert.Equal(Crc32.Compute(copy, 0, copy.Length - 4), BitConverter.ToUInt32(copy, copy.Length - 4));
        Assert.Equal(newest.Mac, EventChain.ComputeMac(new HmacSha256MacPrimitive(), EventKey(), copy[4..36], copy[36..^36]));
    }

    [Fact]
    [Trait("Requirement", "SR-EVT-E2E-010")]
    public void Replayed_record_is_cut_at_power_on_and_the_repair_is_recorded()
    {
        var device = Booted(trackSequences: true);
        device.RecordBurst(5);
        var replayedLength = JournalTamper.CopyNewestRecord(FlashOf(device)).Length;

        device.Inject(DeviceFaults.TamperJournal(TamperKind.Replay));
        device.Step(TimeSpan.FromMilliseconds(10));

        // The copy's sequence is not above the bait before it, so recovery treats it as a torn tail: every
        // sequence stays on flash once, the chain still verifies, and the cut is reported with its size.
        var records = device.Runtime!.Log.Journal.ReadAfter(0, 10_000).Select(e => EventRecordCodec.Decode(e.Record)).ToList();
        Assert.Equal(records.Count, records.Select(r => r.Sequence).Distinct().Count());
        Assert.True(ChainVerifies(device));
        var repair = Assert.Single(records, r => r.EventType == EventTypes.JournalRecovered);
        Assert.Equal(replayedLength, repair.FindField(EventFieldIds.Journal.TruncatedBytes).Int32Value);
        Assert.All(device.RecordedSequences, s => Assert.Contains(s, records.Select(r => r.Sequence)));
    }

    [Fact]
    public void Apply_replay_reinserts_the_oldest_record_of_the_newest_segment_after_the_newest()
    {
        var device = Booted();
        device.RecordBurst(3);
        var oldest = device.Runtime!.Log.Journal.ReadAfter(0, 10_000)[0];
        var flash = FlashOf(device);
        var lengthBefore = SegmentLengths(flash);

        var replayed = JournalTamper.Apply(flash, TamperKind.Replay);

        Assert.Equal(oldest.Sequence, replayed);
        Assert.Equal(lengthBefore + JournalTamper.CopyNewestRecord(flash).Length, SegmentLengths(flash));
        Assert.Equal(oldest.Record, JournalTamper.CopyNewestRecord(flash)[36..^36]);
    }

    [Fact]
    public void Reinsert_refuses_bytes_that_are_not_one_frame()
    {
        var device = Booted();
        var copy = JournalTamper.CopyNewestRecord(FlashOf(device));

        Assert.Throws<ArgumentException>(() => JournalTamper.Reinsert(FlashOf(device), copy[..^1]));
    }

    [Fact]
    public void Package_without_agent_conf_is_refused_with_its_name()
    {
        var empty = Directory.CreateDirectory(Path.Combine(fixture.Root, "empty-" + Guid.NewGuid().ToString("N")[..6])).FullName;

        var error = Assert.Throws<InvalidDataException>(() => DevicePackage.Load(empty));
        Assert.Contains("agent.conf", error.Message, StringComparison.Ordinal);
    }

    private SimulatedDevice NewDevice(bool trackSequences = false) =>
        new(DevicePackage.Load(fixture.PackageDirectory), fixture.NewFlashDirectory(), new OfflineLink(), new DeviceSettings { TrackSequences = trackSequences });

    private SimulatedDevice Booted(bool trackSequences = false)
    {
        var device = NewDevice(trackSequences);
        device.Provision(fixture.Release.Bundle);
        device.PowerOn();
        return device;
    }

    private static FileFlashStorage FlashOf(SimulatedDevice device) => new(device.FlashDirectory, device.Settings.FlashCapacityBytes);

    private static long SegmentLengths(FileFlashStorage flash) => flash.List("evt/").Where(n => n.Contains("seg-", StringComparison.Ordinal)).Sum(flash.GetLength);

    private byte[] EventKey() => File.ReadAllBytes(Path.Combine(fixture.PackageDirectory, "event.key"));

    private static HashSet<long> ReadJournalSequences(SimulatedDevice device) =>
        [.. device.Runtime!.Log.Journal.ReadAfter(0, 10_000).Select(e => e.Sequence)];

    /// <summary>The host's check: each journal record's MAC links to the previous one under the device key.</summary>
    private bool ChainVerifies(SimulatedDevice device)
    {
        var key = EventKey();
        var mac = new HmacSha256MacPrimitive();
        JournalEntry[] entries = device.Runtime!.Log.Journal.ReadAfter(0, 10_000);
        for (var i = 0; i < entries.Length; i++)
        {
            var expected = EventChain.ComputeMac(mac, key, entries[i].PreviousMac, entries[i].Record);
            if (!expected.AsSpan().SequenceEqual(entries[i].Mac) || (i > 0 && !entries[i].PreviousMac.AsSpan().SequenceEqual(entries[i - 1].Mac)))
            {
                return false;
            }
        }

        return true;
    }
}
