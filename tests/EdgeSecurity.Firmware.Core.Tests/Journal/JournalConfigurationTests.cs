using EdgeSecurity.Firmware.Core.Events;
using EdgeSecurity.Firmware.Core.Journal;
using EdgeSecurity.Firmware.Core.Tests.Events.Support;
using EdgeSecurity.Firmware.HostPlatform.Storage;

namespace EdgeSecurity.Firmware.Core.Tests.Journal;

/// <summary>
/// A journal or event log configured wrongly is refused when it is built, with an error that names the
/// setting, before anything is written; the boundaries of each setting are accepted.
/// </summary>
public sealed class JournalConfigurationTests : IDisposable
{
    private readonly JournalDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("SegmentBytes", 0)]
    [InlineData("CapacityBytes", 0)]
    [InlineData("HealthThresholdPercent", 1)]
    [InlineData("HealthThresholdPercent", 100)]
    [InlineData("SequenceBlock", 1)]
    [InlineData("DropReportInterval", 1)]
    public void The_smallest_and_largest_allowed_settings_open_a_journal(string setting, int value)
    {
        var options = Boundary(setting, value);

        var journal = new EventJournal(_dir.Boot(), options);
        journal.Open();

        Assert.Equal(0, journal.RecordCount);
    }

    [Theory]
    [InlineData("SegmentBytes", -1, "SegmentBytes must be at least {min}.")]
    [InlineData("CapacityBytes", -1, "CapacityBytes must be at least three segments.")]
    [InlineData("HealthThresholdPercent", 0, Range)]
    [InlineData("HealthThresholdPercent", 101, Range)]
    [InlineData("SequenceBlock", 0, Range)]
    [InlineData("DropReportInterval", 0, Range)]
    public void A_setting_out_of_range_is_refused_with_its_name_before_anything_is_written(string setting, int value, string message)
    {
        var options = Boundary(setting, value);
        var flash = _dir.Boot();

        var error = Assert.Throws<ArgumentException>(() => new EventJournal(flash, options));

        Assert.Equal(message.Replace("{min}", JournalOptions.MinSegmentBytes.ToString()), error.Message);
        Assert.Empty(flash.List(""));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void An_event_log_without_one_of_its_parts_is_refused(int missing)
    {
        var journal = new EventJournal(_dir.Boot(), new JournalOptions());

        var error = Assert.Throws<ArgumentNullException>(() => new SecurityEventLog(
            missing == 0 ? null! : journal,
            missing == 1 ? null! : new JournalOptions(),
            missing == 2 ? null! : new TestMac(),
            missing == 3 ? null! : TestMac.NewKey(),
            EventLogHarness.DeviceId,
            1,
            missing == 4 ? null! : new ManualClock()));

        Assert.Contains("journal, options, mac, deviceEventKey and clock are required", error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    public void An_event_log_for_a_device_id_no_record_can_carry_is_refused(string? deviceId)
    {
        var journal = new EventJournal(_dir.Boot(), new JournalOptions());

        Assert.ThrowsAny<ArgumentException>(() => new SecurityEventLog(journal, new JournalOptions(), new TestMac(), TestMac.NewKey(), deviceId!, 1, new ManualClock()));
    }

    [Fact]
    public void Recording_no_event_is_refused()
    {
        using var device = new EventLogHarness(EventLogHarness.Small());
        int before = device.Entries().Length;

        var error = Assert.Throws<ArgumentNullException>(() => device.Log.Record(null!));

        Assert.Equal("securityEvent", error.ParamName);
        Assert.Equal(before, device.Entries().Length);
    }

    private const string Range = "HealthThresholdPercent must be 1-100; SequenceBlock and DropReportInterval at least 1.";

    /// <summary>Valid options with <paramref name="setting"/> at its boundary; for the two sizes, <paramref name="value"/>
    /// is added to the smallest allowed size.</summary>
    private static JournalOptions Boundary(string setting, int value)
    {
        var options = new JournalOptions { SegmentBytes = JournalOptions.MinSegmentBytes };
        options.CapacityBytes = 3 * options.SegmentBytes;
        switch (setting)
        {
            case "SegmentBytes": options.SegmentBytes += value; break;
            case "CapacityBytes": options.CapacityBytes += value; break;
            case "HealthThresholdPercent": options.HealthThresholdPercent = value; break;
            case "SequenceBlock": options.SequenceBlock = value; break;
            case "DropReportInterval": options.DropReportInterval = value; break;
            default: throw new ArgumentOutOfRangeException(nameof(setting));
        }

        return options;
    }
}
