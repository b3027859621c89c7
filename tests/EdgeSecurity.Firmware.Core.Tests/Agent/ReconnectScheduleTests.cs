using EdgeSecurity.Firmware.Core.Agent;

namespace EdgeSecurity.Firmware.Core.Tests.Agent;

public sealed class ReconnectScheduleTests
{
    [Fact]
    [Trait("Requirement", "SR-EVT-012")]
    public void Delays_double_up_to_the_maximum_and_reset_on_success()
    {
        var schedule = new ReconnectSchedule(initialDelayMs: 1000, maxDelayMs: 5000);
        Assert.True(schedule.IsDue(0));

        var now = 0L;
        var waits = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            schedule.OnFailure(now);
            var wait = 0L;
            while (!schedule.IsDue(now + wait))
            {
                wait += 250;
            }

            waits.Add(wait);
            now += wait;
        }

        Assert.Equal([1000L, 2000, 4000, 5000, 5000], waits);

        schedule.OnSuccess();
        Assert.True(schedule.IsDue(now));
        Assert.Equal(1000, schedule.CurrentDelayMilliseconds);
    }

    [Theory]
    [InlineData(0, 1000)]
    [InlineData(2000, 1000)]
    public void Rejects_delays_that_are_not_positive_or_a_maximum_below_the_initial(long initial, long max) =>
        Assert.Throws<ArgumentException>(() => new ReconnectSchedule(initial, max));
}
