using EdgeSecurity.Firmware.Core.Events;
using EdgeSecurity.Firmware.Core.Ota;
using EdgeSecurity.Firmware.Core.Serialization;
using EdgeSecurity.Firmware.Core.Tests.Ota.Support;
using EdgeSecurity.Firmware.Core.Tests.TestSupport;
using EdgeSecurity.Firmware.HostPlatform.Storage;
using FsCheck;
using FsCheck.Fluent;
using Xunit.Abstractions;

namespace EdgeSecurity.Firmware.Core.Tests.Ota;

/// <summary>
/// The update client over random histories of fresh offers, redeliveries of the offer it last accepted (what a
/// broker does after a reconnect or a node failover), replays of older offers, offers that reuse the last
/// accepted sequence with other bytes, device loop turns and power cuts at random flash steps. After every
/// step: the accepted sequence never goes down; a redelivery is ignored (no report, no refusal, no restart
/// of the download, chunks already present stay present); a replay or a reused sequence is refused as a
/// replay and changes nothing; in the end the update lands, and the device recorded exactly one replay
/// event per refused replay and none for a redelivery.
/// </summary>
[Trait("Requirement", "SR-OTA-038")]
public sealed class OfferRedeliveryProperties : IDisposable
{
    private const int MaxRecoveryBoots = 12;
    private static readonly TestRelease Release = new();
    private static readonly TestBundle Old = Release.Bundle(1, 1, seed: 81);
    private static readonly TestBundle New = Release.Bundle(2, 2, seed: 82, sizes: [5000, 3000, 700]);
    private static readonly int ReplayReason = OtaReason.FromOta(OtaFailure.ReplayedOffer);

    private readonly ITestOutputHelper _output;
    private readonly OtaRig _template = new(Release, Old);
    private readonly List<OtaRig> _runs = [];

    public OfferRedeliveryProperties(ITestOutputHelper output) => _output = output;

    private enum Op
    {
        FreshOffer,
        Redeliver,
        ReplayOlder,
        ReuseSequence,
        Run,
        ArmPowerCut,
        Reboot,
    }

    public void Dispose()
    {
        _template.Dispose();
        _runs.ForEach(r => r.Dispose());
    }

    [Fact]
    public void Redeliveries_are_ignored_and_replays_refused_over_random_histories_with_power_cuts()
    {
        var totals = new int[Enum.GetValues<Op>().Length];
        var cuts = new int[totals.Length];
        var operation = Gen.Zip(Gen.Elements(Enum.GetValues<Op>()), Gen.Choose(1, 80));
        Prop.ForAll(
            Gen.ListOf(operation).Select(l => l.Take(40).ToList()).ToArbitrary(),
            history =>
            {
                History(history, totals, cuts);
                return true;
            }).Check(Config.QuickThrowOnFailure.WithMaxTest(100));
        _output.WriteLine("operations run: " + string.Join(", ", Enum.GetValues<Op>().Select(o => $"{o} {totals[(int)o]}")));
        _output.WriteLine("power cuts during: " + string.Join(", ", Enum.GetValues<Op>().Select(o => $"{o} {cuts[(int)o]}")));
        Assert.All(totals, t => Assert.True(t > 0, "every kind of operation ran"));
        Assert.True(cuts.Where((_, op) => op != (int)Op.ArmPowerCut).Sum() > 0, "power went out while the device worked, not only at boot");
    }

    [Fact]
    public void The_offer_last_accepted_delivered_again_after_a_power_cut_at_every_step_of_its_acceptance_is_never_refused()
    {
        // Count the flash steps of a power-on and the acceptance of one offer.
        OtaRig probe = NewRun();
        probe.PowerOn();
        probe.PowerOn();
        long boot = probe.Flash.StepsPerformed;
        probe.Offer(New);
        probe.Step();
        long accepted = probe.Flash.StepsPerformed;
        Assert.True(accepted > boot + 2, "accepting an offer writes to flash");

        for (long cut = boot + 1; cut <= accepted; cut++)
        {
            foreach (double torn in new[] { 0.0, 0.5 })
            {
                OtaRig rig = NewRun();
                rig.PowerOn();
                long floor = rig.Client.State.LastAcceptedSequence;
                rig.PowerOn(new PowerCutPlan(cut, torn));
                byte[] offer = rig.Offer(New);
                Assert.Throws<PowerLossException>(() => rig.Step());
                rig.PowerOn();
                long after = rig.Client.State.LastAcceptedSequence;
                Assert.Contains(after, new[] { floor, rig.Sequence });
                int reports = rig.Reports.Count;

                rig.Deliver(OtaRig.OfferTopic, offer);
                rig.Step();

                string context = $"cut at step {cut}, torn {torn}, floor {after}";
                Assert.DoesNotContain(rig.Reports.Skip(reports), r => r.Stage == OtaStage.Refused);
                if (after == floor)
                {
                    // The acceptance was lost with the power: the offer is fresh and accepted now.
                    Assert.Equal(rig.Sequence, rig.Client.State.LastAcceptedSequence);
                }
                else
                {
                    Assert.True(rig.Client.RedeliveredOffers == 1, context);
                }

                if (rig.Client.Phase != OtaPhase.Downloading)
                {
                    // Accepted, but the power went before the download was set up: the device stays silent and
                    // the host offers again (a new sequence), as a campaign does.
                    rig.Offer(New);
                }

                Assert.True(rig.RunUntilReboot(), context + ": the download completes");
                rig.Dispose();
                _runs.Remove(rig);
            }
        }
    }

    private void History(List<(Op Op, int Arg)> history, int[] totals, int[] cuts)
    {
        OtaRig rig = NewRun();
        var sent = new List<byte[]>();
        byte[]? accepted = null;
        long floor = 0;
        long counter = Old.Counter;
        int replays = 0;
        bool replayCut = false;
        PowerOn(rig, null);
        foreach (var (op, arg) in history)
        {
            if (rig.Client.RebootRequested || rig.Rebooter.Requested)
            {
                PowerOn(rig, null);
            }

            int reports = rig.Reports.Count;
            int redelivered = rig.Client.RedeliveredOffers;
            long sequenceBefore = rig.Client.State.LastAcceptedSequence;
            int present = rig.Client.Download?.PresentChunks ?? -1;
            bool cut = false;
            try
            {
                switch (op)
                {
                    case Op.FreshOffer:
                        sent.Add(rig.Offer(New));
                        rig.Step();
                        break;
                    case Op.Redeliver when accepted is not null:
                        rig.Deliver(OtaRig.OfferTopic, accepted);
                        rig.Step();
                        break;
                    case Op.ReplayOlder when sent.Count > 0 && Sequence(sent[arg % sent.Count]) < sequenceBefore:
                        rig.Deliver(OtaRig.OfferTopic, sent[arg % sent.Count]);
                        rig.Step();
                        break;
                    case Op.ReuseSequence when sequenceBefore > 0:
                        rig.Deliver(OtaRig.OfferTopic, rig.OfferBytes(OtaOfferKind.Bundle, New.SignedManifest, 1, sequence: sequenceBefore, hostTime: rig.HostTime + arg));
                        rig.Step();
                        break;
                    case Op.Run:
                        for (int i = 0; i < arg && !rig.Client.RebootRequested; i++)
                        {
                            rig.Step();
                        }

                        break;
                    case Op.ArmPowerCut:
                        PowerOn(rig, new PowerCutPlan(1 + (arg % 25), arg % 2 == 0 ? 0.0 : 0.5));
                        break;
                    case Op.Reboot:
                        PowerOn(rig, null);
                        break;
                    default:
                        continue;
                }
            }
            catch (PowerLossException)
            {
                cut = true;
                cuts[(int)op]++;
                replayCut |= op is Op.ReplayOlder or Op.ReuseSequence;
                PowerOn(rig, null);
            }

            totals[(int)op]++;
            var fresh = rig.Reports.Skip(reports).ToList();
            long sequence = rig.Client.State.LastAcceptedSequence;
            string context = $"{op} {arg}: sequence {sequenceBefore} -> {sequence}, reports {string.Join(",", fresh.Select(r => r.Stage + "/" + r.Reason))}";
            Assert.True(sequence >= floor, context + ": the accepted sequence went down");
            Assert.True(rig.Agent.Decision.Verified != null && rig.Agent.Decision.Report.ConfirmedCounter >= counter, context + ": not booted verified, or the counter went down");
            floor = sequence;
            counter = rig.Agent.Decision.Report.ConfirmedCounter;
            if (sequence > sequenceBefore)
            {
                accepted = sent.Single(o => Sequence(o) == sequence);
            }

            // A cut loses the message with the inbox; a download completing in the same turn leaves it unread
            // (the device reboots with it queued): nothing to check about it.
            if (cut || (rig.Client.RebootRequested && fresh.Any(r => r.Stage == OtaStage.Installed)))
            {
                continue;
            }

            if (op == Op.Redeliver)
            {
                Assert.True(rig.Client.RedeliveredOffers == redelivered + 1, context + ": the redelivery was not recognised");
                Assert.Equal(sequenceBefore, sequence);
                Assert.DoesNotContain(fresh, r => r.Stage is OtaStage.Refused or OtaStage.Accepted);
                Assert.True(rig.Client.Download is null || rig.Client.Download.PresentChunks >= present, context + ": the download restarted");
            }
            else if (op is Op.ReplayOlder or Op.ReuseSequence)
            {
                replays++;
                Assert.Equal(sequenceBefore, sequence);
                Assert.Equal(redelivered, rig.Client.RedeliveredOffers);
                var refusal = Assert.Single(fresh, r => r.Stage == OtaStage.Refused);
                Assert.Equal(ReplayReason, refusal.Reason);
                Assert.DoesNotContain(fresh, r => r.Stage == OtaStage.Accepted);
                Assert.True(rig.Client.Download is null || rig.Client.Download.PresentChunks >= present, context + ": the download restarted");
            }
        }

        Recover(rig);
        rig.RunUntil(() => DistinctEvents(rig, EventTypes.OtaOfferReplayed) >= replays, 5000);
        for (int i = 0; i < 40; i++)
        {
            rig.Step();
        }

        int recorded = DistinctEvents(rig, EventTypes.OtaOfferReplayed);
        if (replayCut)
        {
            Assert.InRange(recorded, replays, replays + history.Count);
        }
        else
        {
            Assert.Equal(replays, recorded);
        }

        rig.Dispose();
        _runs.Remove(rig);
    }

    /// <summary>The host completes the campaign with fresh offers; the new bundle ends confirmed.</summary>
    private static void Recover(OtaRig rig)
    {
        for (int boot = 0; boot < MaxRecoveryBoots; boot++)
        {
            PowerOn(rig, null);
            if (rig.Agent.Decision.IsTrial)
            {
                rig.RunUntil(() => rig.Client.Phase == OtaPhase.Idle);
                continue;
            }

            if (rig.Agent.Decision.Report.Version == New.Version && rig.Client.Phase == OtaPhase.Idle)
            {
                Assert.Equal(New.Counter, rig.Agent.State.Current.ConfirmedCounter);
                return;
            }

            if (rig.Client.Phase != OtaPhase.Downloading)
            {
                rig.Offer(New);
            }

            rig.RunUntilReboot();
        }

        Assert.Fail("the update did not land after the history");
    }

    private static void PowerOn(OtaRig rig, PowerCutPlan? cut) => rig.PowerOn(cut);

    private static int DistinctEvents(OtaRig rig, ushort type) => rig.EventsOf(type).Select(e => e.Sequence).Distinct().Count();

    private static long Sequence(byte[] offer) => LittleEndian.ReadInt64(offer, 11);

    private OtaRig NewRun()
    {
        var rig = new OtaRig(_template, Directory.CreateTempSubdirectory("es-ota-redelivery-").FullName);
        _runs.Add(rig);
        return rig;
    }
}
