using EdgeSecurity.Firmware.Core.Events;
using EdgeSecurity.Firmware.Core.Tests.Events.Support;

namespace EdgeSecurity.Firmware.Core.Tests.Events;

[Trait("Requirement", "SR-EVT-002")]
public sealed class EventChainVerifierTests
{
    private readonly TestMac _mac = new();
    private readonly byte[] _key = TestMac.NewKey();

    private sealed record Link(byte[] Previous, byte[] Record, byte[] Mac);

    /// <summary>A chain of <paramref name="count"/> records from the genesis, sequences 1, 2, 4, 5 … (3 skipped, as after a reservation).</summary>
    private List<Link> Chain(int count)
    {
        var links = new List<Link>();
        var previous = EventChain.Genesis();
        for (int i = 1; i <= count; i++)
        {
            var record = EventRecordCodec.Encode(Records.Sample(i < 3 ? i : i + 1));
            var mac = EventChain.ComputeMac(_mac, _key, previous, record);
            links.Add(new Link(previous, record, mac));
            previous = mac;
        }

        return links;
    }

    private EventChainVerifier Verifier() => new(_mac, _key, "dev-0001", 0, EventChain.Genesis());

    [Fact]
    public void Mac_is_hmac_of_previous_mac_followed_by_record_bytes()
    {
        var record = EventRecordCodec.Encode(Records.Sample());
        var previous = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();

        var expected = System.Security.Cryptography.HMACSHA256.HashData(_key, previous.Concat(record).ToArray());

        Assert.Equal(expected, EventChain.ComputeMac(_mac, _key, previous, record));
        Assert.Equal(new byte[32], EventChain.Genesis());
    }

    [Fact]
    public void An_intact_chain_links_and_skipped_sequence_numbers_are_not_gaps()
    {
        var verifier = Verifier();
        foreach (var link in Chain(5))
        {
            Assert.Equal(ChainVerdict.Linked, verifier.Check(link.Previous, link.Record, link.Mac));
        }

        Assert.Equal(6, verifier.HeadSequence);
    }

    [Fact]
    public void An_altered_record_is_forged()
    {
        var chain = Chain(2);
        var altered = (byte[])chain[1].Record.Clone();
        altered[^1] ^= 1;
        var verifier = Verifier();
        verifier.Check(chain[0].Previous, chain[0].Record, chain[0].Mac);

        Assert.Equal(ChainVerdict.Forged, verifier.Check(chain[1].Previous, altered, chain[1].Mac));
        Assert.Equal(1, verifier.HeadSequence);
    }

    [Fact]
    public void A_record_removed_inside_a_batch_breaks_the_implied_link()
    {
        var chain = Chain(3);
        var verifier = Verifier();
        verifier.Check(chain[0].Previous, chain[0].Record, chain[0].Mac);

        // The receiver implies the previous MAC from the entry before: record 2 is gone.
        Assert.Equal(ChainVerdict.Forged, verifier.Check(chain[0].Mac, chain[2].Record, chain[2].Mac));
    }

    [Fact]
    public void A_record_removed_with_its_true_link_shows_as_a_gap()
    {
        var chain = Chain(3);
        var verifier = Verifier();
        verifier.Check(chain[0].Previous, chain[0].Record, chain[0].Mac);

        Assert.Equal(ChainVerdict.LinkedAfterGap, verifier.Check(chain[2].Previous, chain[2].Record, chain[2].Mac));
    }

    [Fact]
    public void Reordered_records_are_detected()
    {
        var chain = Chain(3);
        var verifier = Verifier();
        verifier.Check(chain[0].Previous, chain[0].Record, chain[0].Mac);

        Assert.Equal(ChainVerdict.Forged, verifier.Check(chain[0].Mac, chain[2].Record, chain[2].Mac));
        Assert.Equal(ChainVerdict.LinkedAfterGap, verifier.Check(chain[2].Previous, chain[2].Record, chain[2].Mac));
        Assert.Equal(ChainVerdict.NotNewer, verifier.Check(chain[1].Previous, chain[1].Record, chain[1].Mac));
    }

    [Fact]
    public void A_replayed_record_is_not_newer_and_does_not_move_the_head()
    {
        var chain = Chain(2);
        var verifier = Verifier();
        chain.ForEach(l => verifier.Check(l.Previous, l.Record, l.Mac));
        var head = verifier.HeadMac;

        Assert.Equal(ChainVerdict.NotNewer, verifier.Check(chain[0].Previous, chain[0].Record, chain[0].Mac));
        Assert.Equal(head, verifier.HeadMac);
    }

    [Fact]
    public void Another_key_or_device_is_rejected()
    {
        var link = Chain(1)[0];

        var otherKey = new EventChainVerifier(_mac, TestMac.NewKey(), "dev-0001", 0, EventChain.Genesis());
        Assert.Equal(ChainVerdict.Forged, otherKey.Check(link.Previous, link.Record, link.Mac));

        var otherDevice = new EventChainVerifier(_mac, _key, "dev-0002", 0, EventChain.Genesis());
        Assert.Equal(ChainVerdict.WrongDevice, otherDevice.Check(link.Previous, link.Record, link.Mac));
    }

    [Fact]
    public void A_verifier_resumes_from_a_stored_head()
    {
        var chain = Chain(3);
        var resumed = new EventChainVerifier(_mac, _key, "dev-0001", 2, chain[1].Mac);

        Assert.Equal(ChainVerdict.Linked, resumed.Check(chain[2].Previous, chain[2].Record, chain[2].Mac));
    }
}
