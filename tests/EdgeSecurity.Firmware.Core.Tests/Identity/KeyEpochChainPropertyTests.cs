using EdgeSecurity.Firmware.Core.Events;
using EdgeSecurity.Firmware.Core.Tests.Events.Support;

namespace EdgeSecurity.Firmware.Core.Tests.Identity;

/// <summary>
/// Random sequences of recording, uploading, re-enrolment (journal kept or wiped), replays and forgeries
/// with a replaced key, against the chain verifier the host uses; the invariants are checked after every step.
/// </summary>
public sealed class KeyEpochChainPropertyTests
{
    private sealed record Sent(byte[] Previous, byte[] Record, byte[] Mac, long Sequence, ushort Epoch);

    private sealed class Ring : IEventKeyRing
    {
        public List<byte[]> Keys { get; } = [];

        public byte[] KeyFor(ushort epoch) => epoch < Keys.Count ? Keys[epoch] : null!;
    }

    [Theory]
    [Trait("Requirement", "SR-ID-002")]
    [Trait("Requirement", "SR-ID-004")]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public void Every_delivered_record_links_and_no_old_key_or_replay_moves_the_head(int seed)
    {
        var random = new Random(seed);
        var mac = new TestMac();
        var ring = new Ring();
        ring.Keys.Add(TestMac.NewKey());
        var host = new EventChainVerifier(mac, ring, "dev-0001", 0, 0, EventChain.Genesis());
        var pending = new List<Sent>();
        var delivered = new List<Sent>();
        ushort epoch = 0;
        long next = 1;
        var head = EventChain.Genesis();

        for (var step = 0; step < 400; step++)
        {
            switch (random.Next(10))
            {
                case < 4: // record
                    next = Math.Max(next, (epoch * EventRecord.EpochSequenceBand) + 1);
                    var record = Records.Sample(next);
                    record.KeyEpoch = epoch;
                    var bytes = EventRecordCodec.Encode(record);
                    var recordMac = EventChain.ComputeMac(mac, ring.Keys[epoch], head, bytes);
                    pending.Add(new Sent(head, bytes, recordMac, next, epoch));
                    head = recordMac;
                    next += 1 + random.Next(3); // skipped numbers (reservations) are not gaps
                    break;
                case < 7: // upload everything pending, in order
                    foreach (var sent in pending)
                    {
                        Assert.Equal(ChainVerdict.Linked, host.Check(sent.Previous, sent.Record, sent.Mac));
                        delivered.Add(sent);
                    }

                    pending.Clear();
                    break;
                case 7: // re-enrolment; half the time the flash is wiped (pending records are gone with it)
                    ring.Keys.Add(TestMac.NewKey());
                    epoch++;
                    if (random.Next(2) == 0)
                    {
                        pending.Clear();
                        head = EventChain.Genesis();
                        next = 1;
                    }

                    break;
                case 8 when delivered.Count > 0: // replay of a delivered record
                    var replay = delivered[random.Next(delivered.Count)];
                    Assert.Equal(ChainVerdict.NotNewer, host.Check(replay.Previous, replay.Record, replay.Mac));
                    break;
                case 9 when epoch > 0 && delivered.Count > 0 && host.HeadEpoch > 0: // forgery with a replaced key, linked to the host's head
                    var oldEpoch = (ushort)random.Next(host.HeadEpoch);
                    var forged = Records.Sample(host.HeadSequence + 1 + random.Next(5));
                    forged.KeyEpoch = oldEpoch;
                    var forgedBytes = EventRecordCodec.Encode(forged);
                    Assert.Equal(ChainVerdict.NotNewer, host.Check(host.HeadMac, forgedBytes, EventChain.ComputeMac(mac, ring.Keys[oldEpoch], host.HeadMac, forgedBytes)));
                    break;
                default:
                    break;
            }

            // The host's head is exactly the newest delivered record, in its epoch.
            var newest = delivered.Count == 0 ? null : delivered[^1];
            Assert.Equal(newest?.Sequence ?? 0, host.HeadSequence);
            Assert.Equal(newest?.Epoch ?? 0, host.HeadEpoch);
            Assert.Equal(newest?.Mac ?? EventChain.Genesis(), host.HeadMac);
        }
    }
}
