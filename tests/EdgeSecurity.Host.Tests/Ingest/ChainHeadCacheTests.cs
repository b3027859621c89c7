using EdgeSecurity.Firmware.Core.Upload;
using EdgeSecurity.Host.Ingest;
using EdgeSecurity.Host.Storage.Model;
using EdgeSecurity.Host.Tests.Support;

namespace EdgeSecurity.Host.Tests.Ingest;

public sealed class ChainHeadCacheTests
{
    private readonly SimulatedJournal _journal = new("dev-c", new byte[32]);

    public ChainHeadCacheTests() => _journal.AppendHeartbeats(6);

    [Fact]
    [Trait("Requirement", "SR-EVT-HOST-001")]
    public void A_cached_head_is_used_only_for_a_batch_that_continues_it()
    {
        var cache = new ChainHeadCache();
        cache.Committed(HeadAt(2));

        Assert.Equal(2, cache.ContinuedBy("dev-c", Batch(3, 4))!.Sequence);
        Assert.Null(cache.ContinuedBy("dev-c", Batch(4, 5)));   // a hole after the cached head: verify against storage
        Assert.Null(cache.ContinuedBy("dev-c", Batch(2, 3)));   // a resend of what the cache already holds
        Assert.Null(cache.ContinuedBy("other", Batch(3, 4)));   // nothing cached for that device
    }

    [Fact]
    [Trait("Requirement", "SR-EVT-HOST-001")]
    public void The_head_only_moves_forward_and_is_gone_after_a_failed_commit()
    {
        var cache = new ChainHeadCache();
        cache.Committed(HeadAt(4));
        cache.Committed(HeadAt(2));
        Assert.Equal(4, cache.ContinuedBy("dev-c", Batch(5, 6))!.Sequence);

        cache.Forget("dev-c");

        Assert.Null(cache.ContinuedBy("dev-c", Batch(5, 6)));
    }

    [Fact]
    [Trait("Requirement", "SR-EVT-HOST-001")]
    public void Each_later_commit_moves_the_head_on_and_a_second_head_at_the_same_sequence_does_not_replace_the_first()
    {
        var cache = new ChainHeadCache();
        cache.Committed(HeadAt(2));
        cache.Committed(HeadAt(4));
        Assert.Equal(4, cache.ContinuedBy("dev-c", Batch(5, 6))!.Sequence);

        // The store keeps the first record at a sequence (ON CONFLICT DO NOTHING) and moves its chain head only to
        // a higher sequence, so the cache must keep the first head too: another record 4 committed after it (a
        // wiped device's new chain racing its resend) is not stored, and a batch linked to it does not continue.
        var other = new SimulatedJournal("dev-c", new byte[] { 1 });
        other.AppendHeartbeats(6);
        cache.Committed(new ChainHead("dev-c", 4, other.Entries.Single(e => e.Sequence == 4).Mac));

        Assert.Equal(HeadAt(4).Mac, cache.ContinuedBy("dev-c", Batch(5, 6))!.Mac);
        Assert.Null(cache.ContinuedBy("dev-c", EventBatchCodec.Decode(other.Batch(1, 5, 6))));
    }

    [Fact]
    [Trait("Requirement", "SR-EVT-HOST-001")]
    public void A_batch_whose_first_record_claims_the_head_s_own_sequence_does_not_continue_it()
    {
        // Record 3 links to the MAC of 2; a head that claims sequence 3 with that MAC (what a record re-sent at
        // the head's sequence and linked to the head's MAC looks like) is not continued: a record at the head's
        // sequence adds nothing after it, and only storage can say whether it is a duplicate or a conflict.
        var cache = new ChainHeadCache();
        cache.Committed(new ChainHead("dev-c", 3, _journal.Entries.Single(e => e.Sequence == 2).Mac));

        Assert.Null(cache.ContinuedBy("dev-c", Batch(3, 4)));
    }

    [Fact]
    public void A_missing_batch_or_head_is_refused_by_name()
    {
        var cache = new ChainHeadCache();
        Assert.Equal("batch", Assert.Throws<ArgumentNullException>(() => cache.ContinuedBy("dev-c", null!)).ParamName);
        Assert.Equal("head", Assert.Throws<ArgumentNullException>(() => cache.Committed(null!)).ParamName);
    }

    private ChainHead HeadAt(long sequence) => new("dev-c", sequence, _journal.Entries.Single(e => e.Sequence == sequence).Mac);

    private EventBatch Batch(params long[] sequences) => EventBatchCodec.Decode(_journal.Batch(1, sequences));
}
