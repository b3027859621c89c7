using EdgeSecurity.Firmware.Core.Boot;
using EdgeSecurity.Firmware.Core.Ota;
using EdgeSecurity.Firmware.Core.Tests.Ota.Support;
using EdgeSecurity.Firmware.Core.Tests.TestSupport;
using EdgeSecurity.Firmware.Core.Tests.Trust;
using EdgeSecurity.Firmware.HostPlatform.Storage;
using Xunit.Abstractions;

namespace EdgeSecurity.Firmware.Core.Tests.Ota;

/// <summary>
/// Cuts the power at every durable flash step of an over-the-air update driven by the update client —
/// offer, download, completion, trial boot, health check, confirmation — and of a trust-root installation,
/// then powers the device on again and again, the host re-offering as a campaign would. After every power-on
/// the device runs a verified bundle, its confirmed counter and accepted offer sequence never decrease, an
/// interrupted download resumes with every chunk that was durably written, and in the end the update lands.
/// </summary>
[Trait("Requirement", "SR-OTA-006")]
public sealed class OtaPowerCutTests : IDisposable
{
    private const int MaxRecoveryBoots = 10;
    private static readonly double[] TornFractions = [0.0, 0.5];
    private static readonly TestRelease Release = new();
    private static readonly TestBundle Old = Release.Bundle(1, 1, seed: 51);
    private static readonly TestBundle New = Release.Bundle(2, 2, seed: 52, sizes: [4000, 2100, 300]);
    private static readonly byte[] RootV2 = TrustRootFixture.Sign(Release.Keys.Build(2), Release.Keys.RootSigners).ToBytes();

    private readonly ITestOutputHelper _output;
    private readonly OtaRig _template = new(Release, Old);
    private readonly List<OtaRig> _runs = [];

    public OtaPowerCutTests(ITestOutputHelper output) => _output = output;

    public void Dispose()
    {
        _template.Dispose();
        _runs.ForEach(r => r.Dispose());
    }

    private static readonly Action<OtaRig>[] Update =
    [
        rig =>
        {
            rig.Offer(New);
            Assert.True(rig.RunUntilReboot(), "the download did not complete");
        },
        rig =>
        {
            Assert.True(rig.Agent.Decision.IsTrial);
            rig.RunUntil(() => rig.Client.Phase == OtaPhase.Idle);
            Assert.Equal(OtaPhase.Idle, rig.Client.Phase);
        },
    ];

    private static readonly Action<OtaRig>[] RootInstall =
    [
        rig =>
        {
            rig.OfferRoot(RootV2);
            rig.Step();
            Assert.Equal(2, rig.Agent.TrustRoot.Root.Root.Version);
        },
    ];

    [Fact]
    public void Power_cut_at_every_write_of_an_update_still_boots_verified_resumes_and_lands_the_new_bundle()
    {
        long steps = CountSteps(Update);
        _output.WriteLine($"update through the client: {steps} durable steps, each cut with torn fractions {string.Join(", ", TornFractions)}");
        Assert.InRange(steps, 30, 5000);
        foreach (double torn in TornFractions)
        {
            for (long k = 1; k <= steps; k++)
            {
                OtaRig rig = CutAndRecover(Update, k, torn, RecoverUpdate);
                Assert.Equal(New.Version, rig.Agent.Decision.Report.Version);
                Assert.Equal(New.Counter, rig.Agent.State.Current.ConfirmedCounter);
                rig.Dispose();
                _runs.Remove(rig);
            }
        }
    }

    [Fact]
    public void Power_cut_at_every_write_of_a_trust_root_installation_leaves_the_old_or_the_new_root()
    {
        long steps = CountSteps(RootInstall);
        _output.WriteLine($"root installation: {steps} durable steps");
        foreach (double torn in TornFractions)
        {
            for (long k = 1; k <= steps; k++)
            {
                OtaRig rig = CutAndRecover(RootInstall, k, torn, RecoverRoot);
                Assert.Equal(RootV2, rig.Agent.TrustRoot.VerifiedBytes);
                rig.Dispose();
                _runs.Remove(rig);
            }
        }
    }

    private OtaRig NewRun()
    {
        var rig = new OtaRig(_template, Directory.CreateTempSubdirectory("es-ota-cut-").FullName);
        _runs.Add(rig);
        return rig;
    }

    private long CountSteps(Action<OtaRig>[] phases)
    {
        OtaRig rig = NewRun();
        long total = 0;
        foreach (var phase in phases)
        {
            rig.PowerOn();
            phase(rig);
            total += rig.Flash.StepsPerformed;
        }

        return total;
    }

    private OtaRig CutAndRecover(Action<OtaRig>[] phases, long cutAt, double torn, Func<OtaRig, bool> recover)
    {
        OtaRig rig = NewRun();
        string context = $"cut at step {cutAt}, torn {torn}";
        long before = 0;
        bool cut = false;
        int durableChunks = 0;
        foreach (var phase in phases)
        {
            try
            {
                rig.PowerOn(cutAt > before ? new PowerCutPlan(cutAt - before, torn) : null);
                phase(rig);
            }
            catch (PowerLossException)
            {
                // Chunks whose write returned before the cut are durable; the client must find them again.
                durableChunks = rig.ChunksPresentBeforeTheCut();
                cut = true;
                break;
            }

            before += rig.Flash.StepsPerformed;
        }

        Assert.True(cut, $"{context}: the cut did not happen");
        long counter = Old.Counter;
        long sequence = 0;
        for (int boot = 0; boot < MaxRecoveryBoots; boot++)
        {
            rig.PowerOn();
            var decision = rig.Agent.Decision;
            Assert.True(decision.MayRunApplication && decision.Verified != null, $"{context}, boot {boot}: {decision.Report}");
            Assert.Contains(decision.Report.Version, new[] { Old.Version, New.Version });
            Assert.True(decision.Report.ConfirmedCounter >= counter, $"{context}: counter went down to {decision.Report.ConfirmedCounter}");
            Assert.True(rig.Client.State.LastAcceptedSequence >= sequence, $"{context}: accepted sequence went down");
            Assert.True(rig.Agent.TrustRoot.IsUsable, $"{context}: {rig.Agent.TrustRoot.Problem}");
            if (boot == 0 && rig.Client.Download != null)
            {
                Assert.True(rig.Client.Download!.PresentChunks >= durableChunks, $"{context}: resumed with {rig.Client.Download!.PresentChunks} chunks, {durableChunks} were written");
            }

            counter = decision.Report.ConfirmedCounter;
            sequence = rig.Client.State.LastAcceptedSequence;
            if (recover(rig))
            {
                return rig;
            }
        }

        Assert.Fail($"{context}: not recovered after {MaxRecoveryBoots} power-ons");
        return rig;
    }

    /// <summary>What the host and the device do after a power-on, as a campaign would; true once the new bundle runs confirmed.</summary>
    private static bool RecoverUpdate(OtaRig rig)
    {
        var decision = rig.Agent.Decision;
        if (decision.IsTrial)
        {
            rig.RunUntil(() => rig.Client.Phase == OtaPhase.Idle);
            return false;
        }

        if (decision.Report.Version == New.Version && rig.Client.Phase == OtaPhase.Idle && rig.Agent.State.Current.TrialSlot == BootSlot.None)
        {
            return true;
        }

        if (rig.Client.Phase != OtaPhase.Downloading)
        {
            rig.Offer(New);
        }

        rig.RunUntilReboot();
        return false;
    }

    private static bool RecoverRoot(OtaRig rig)
    {
        if (rig.Agent.TrustRoot.Root.Root.Version == 2)
        {
            return true;
        }

        Assert.Equal(Release.SignedTrustRoot, rig.Agent.TrustRoot.VerifiedBytes);
        rig.OfferRoot(RootV2);
        rig.Step();
        return false;
    }
}
