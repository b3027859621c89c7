using EdgeSecurity.Simulator.Transport;

namespace EdgeSecurity.Simulator.Tests;

public sealed class LinkOutageTests
{
    private readonly ManualTime _time = new();

    [Fact]
    public void An_outage_is_off_until_begun()
    {
        var outage = new LinkOutage(_time);

        Assert.False(outage.IsActive);
        Assert.Equal(TimeSpan.Zero, outage.Remaining);
        Assert.Equal(0, outage.Count);
    }

    [Fact]
    public void An_outage_lasts_exactly_its_length()
    {
        var outage = new LinkOutage(_time);
        outage.Begin(TimeSpan.FromSeconds(3));

        Assert.True(outage.IsActive);
        Assert.Equal(TimeSpan.FromSeconds(3), outage.Remaining);
        _time.Advance(TimeSpan.FromSeconds(3) - TimeSpan.FromTicks(1));
        Assert.True(outage.IsActive);
        Assert.Equal(TimeSpan.FromTicks(1), outage.Remaining);
        _time.Advance(TimeSpan.FromTicks(1));
        Assert.False(outage.IsActive);
        Assert.Equal(TimeSpan.Zero, outage.Remaining);
        Assert.Equal(1, outage.Count);
    }

    [Fact]
    public void A_longer_second_outage_extends_the_running_one()
    {
        var outage = new LinkOutage(_time);
        outage.Begin(TimeSpan.FromSeconds(5));
        _time.Advance(TimeSpan.FromSeconds(2));
        outage.Begin(TimeSpan.FromSeconds(10));

        Assert.Equal(TimeSpan.FromSeconds(10), outage.Remaining);
        Assert.Equal(2, outage.Count);
    }

    [Fact]
    public void A_shorter_second_outage_never_shortens_the_running_one()
    {
        var outage = new LinkOutage(_time);
        outage.Begin(TimeSpan.FromSeconds(10));
        _time.Advance(TimeSpan.FromSeconds(1));
        outage.Begin(TimeSpan.FromSeconds(2));

        Assert.Equal(TimeSpan.FromSeconds(9), outage.Remaining);
    }

    [Fact]
    public void An_outage_after_one_has_ended_counts_from_its_own_start()
    {
        var outage = new LinkOutage(_time);
        outage.Begin(TimeSpan.FromSeconds(1));
        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.False(outage.IsActive);

        outage.Begin(TimeSpan.FromSeconds(4));

        Assert.Equal(TimeSpan.FromSeconds(4), outage.Remaining);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(366 * 86_400)]
    public void A_length_that_is_not_positive_or_longer_than_a_year_is_refused(int seconds)
    {
        var outage = new LinkOutage(_time);

        Assert.Throws<ArgumentOutOfRangeException>(() => outage.Begin(TimeSpan.FromSeconds(seconds)));
        Assert.False(outage.IsActive);
        Assert.Equal(0, outage.Count);
    }

    [Fact]
    public void A_year_long_outage_is_accepted()
    {
        var outage = new LinkOutage(_time);
        outage.Begin(LinkOutage.MaxLength);

        Assert.Equal(LinkOutage.MaxLength, outage.Remaining);
    }
}
