using EdgeSecurity.Host.Ingest;

namespace EdgeSecurity.Host.Tests.Ingest;

[Trait("Requirement", "SR-EVT-HOST-011")]
public sealed class GapResendTrackerTests
{
    private readonly GapResendTracker _tracker = new(roundsBeforeAccepting: 3);

    [Fact]
    public void A_gap_is_accepted_only_on_the_third_round_starting_at_or_before_the_first_refused_record()
    {
        Assert.False(_tracker.ConfirmsGap("d", head: 10, sequence: 20, batchId: 5));
        Assert.False(_tracker.ConfirmsGap("d", 10, 20, 7));

        Assert.True(_tracker.ConfirmsGap("d", 10, 20, 9));
    }

    [Fact]
    public void Redeliveries_and_later_batches_of_the_same_round_do_not_count()
    {
        Assert.False(_tracker.ConfirmsGap("d", 10, 20, 5));
        Assert.False(_tracker.ConfirmsGap("d", 10, 20, 5));
        Assert.False(_tracker.ConfirmsGap("d", 10, 30, 6));
        Assert.False(_tracker.ConfirmsGap("d", 10, 20, 5));
        Assert.False(_tracker.ConfirmsGap("d", 10, 20, 7));

        Assert.True(_tracker.ConfirmsGap("d", 10, 20, 8));
    }

    [Fact]
    public void A_moved_head_or_a_forgotten_device_starts_counting_again()
    {
        Assert.False(_tracker.ConfirmsGap("d", 10, 20, 1));
        Assert.False(_tracker.ConfirmsGap("d", 10, 20, 2));
        Assert.False(_tracker.ConfirmsGap("d", 15, 20, 3));
        Assert.False(_tracker.ConfirmsGap("d", 15, 20, 4));
        _tracker.Forget("d");
        Assert.False(_tracker.ConfirmsGap("d", 15, 20, 5));
        Assert.False(_tracker.ConfirmsGap("e", 15, 20, 6));
    }

    [Fact]
    public void One_round_accepts_at_once_and_zero_is_refused_by_name()
    {
        Assert.True(new GapResendTracker(1).ConfirmsGap("d", 1, 3, 1));
        var error = Assert.Throws<ArgumentException>(() => new GapResendTracker(0));
        Assert.Contains("GapResendRounds", error.Message, StringComparison.Ordinal);
    }
}
