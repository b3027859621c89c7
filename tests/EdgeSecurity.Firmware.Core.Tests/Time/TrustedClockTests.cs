using EdgeSecurity.Firmware.Core.Tests.Events.Support;
using EdgeSecurity.Firmware.Core.Time;
using EdgeSecurity.Firmware.HostPlatform.Storage;
using FsCheck;
using FsCheck.Fluent;

namespace EdgeSecurity.Firmware.Core.Tests.Time;

/// <summary>
/// Trusted time without an RTC: fed only by authenticated samples, kept on flash, a lower bound after a
/// reboot, never going back, and bounded in how far one sample may push it.
/// </summary>
[Trait("Requirement", "SR-OTA-008")]
public sealed class TrustedClockTests : IDisposable
{
    private const long T0 = 1_800_000_000;
    private readonly JournalDirectory _dir = new();
    private readonly ManualClock _uptime = new() { UptimeMilliseconds = 0, IsWallClockTrusted = true };

    public void Dispose() => _dir.Dispose();

    private TrustedClock PowerOn(PowerCutPlan? cut = null)
    {
        _uptime.UptimeMilliseconds = 0;
        return new TrustedClock(_uptime, _dir.Boot(cut));
    }

    [Fact]
    public void Without_an_authenticated_sample_the_time_is_not_trusted_whatever_the_platform_clock_says()
    {
        var clock = PowerOn();

        Assert.False(clock.IsWallClockTrusted);
        Assert.Equal(0, clock.NowSeconds);
    }

    [Fact]
    public void A_sample_sets_the_time_and_uptime_advances_it()
    {
        var clock = PowerOn();

        Assert.Equal(TrustedTimeChange.Advanced, clock.Observe(T0));
        _uptime.Advance(90_000);

        Assert.True(clock.IsWallClockTrusted);
        Assert.Equal(T0 + 90, clock.NowSeconds);
        Assert.Equal(T0 + 90, Core.Time.UnixTime.Seconds(clock.UtcNow));
    }

    [Fact]
    public void After_a_reboot_the_saved_time_is_a_lower_bound_and_an_older_sample_cannot_move_it_back()
    {
        PowerOn().Observe(T0 + 3600);

        var clock = PowerOn();
        Assert.Equal(T0 + 3600, clock.NowSeconds);

        Assert.Equal(TrustedTimeChange.Behind, clock.Observe(T0));
        Assert.Equal(T0 + 3600, clock.NowSeconds);
        Assert.Equal(TrustedTimeChange.Unchanged, clock.Observe(T0 + 3600 - 10));
    }

    [Fact]
    public void One_sample_cannot_push_the_time_further_than_the_maximum_step()
    {
        var clock = PowerOn();
        clock.Observe(T0);

        Assert.Equal(TrustedTimeChange.Clamped, clock.Observe(T0 + (100L * 365 * 86400)));

        Assert.Equal(T0 + TrustedClock.DefaultMaxForwardStepSeconds, clock.NowSeconds);
        Assert.Equal(T0 + TrustedClock.DefaultMaxForwardStepSeconds, PowerOn().NowSeconds);
    }

    [Fact]
    public void Uptime_is_checkpointed_hourly_so_a_reboot_loses_at_most_an_hour()
    {
        var clock = PowerOn();
        clock.Observe(T0);
        for (int minute = 0; minute < 150; minute++)
        {
            _uptime.Advance(60_000);
            clock.Checkpoint();
        }

        long after = PowerOn().NowSeconds;

        Assert.InRange(after, T0 + (150 * 60) - 3600, T0 + (150 * 60));
    }

    [Fact]
    public void The_time_never_goes_below_a_saved_sample_over_random_samples_reboots_and_torn_saves()
    {
        Prop.ForAll(
            Gen.ListOf(Gen.Choose(-5000, 5000).Zip(Gen.Choose(0, 9))).ToArbitrary(),
            steps =>
            {
                using var dir = new JournalDirectory();
                var clock = new TrustedClock(_uptime, dir.Boot());
                long saved = 0;
                long previous = 0;
                foreach (var (delta, action) in steps)
                {
                    if (action == 0)
                    {
                        // A reboot whose first save is cut half-way: the torn copy must not count.
                        _uptime.UptimeMilliseconds = 0;
                        var cut = new TrustedClock(_uptime, dir.Boot(new PowerCutPlan(1, 0.5)));
                        Assert.Throws<PowerLossException>(() => cut.Observe((saved / 1000) + 7200));
                        _uptime.UptimeMilliseconds = 0;
                        clock = new TrustedClock(_uptime, dir.Boot());
                        Assert.True(clock.NowMilliseconds >= saved, $"after a reboot the time {clock.NowMilliseconds} is below the saved {saved}");
                    }
                    else
                    {
                        _uptime.Advance(Math.Abs(delta));
                        var change = clock.Observe(T0 + delta);
                        Assert.True(clock.NowMilliseconds >= previous, $"time went back from {previous} to {clock.NowMilliseconds}");
                        if (change is TrustedTimeChange.Advanced or TrustedTimeChange.Clamped)
                        {
                            saved = clock.NowMilliseconds;
                        }
                    }

                    previous = clock.NowMilliseconds;
                }
            }).Check(Config.QuickThrowOnFailure.WithMaxTest(60));
    }
}
