using EdgeSecurity.Firmware.Core.Boot;
using EdgeSecurity.Firmware.Core.Tests.TestSupport;
using EdgeSecurity.Firmware.HostPlatform.Storage;
using Xunit.Abstractions;

namespace EdgeSecurity.Firmware.Core.Tests.Boot;

/// <summary>
/// Cuts power at every durable step of an update (install → trial boot → confirm) and of a rollback
/// (install → trial boot → failed health check → reboot), with clean and torn flushes, then reboots and
/// continues. After every reboot the device must run a verified bundle and the confirmed counter must not
/// have gone down; in the end the sequence must still reach its goal.
/// </summary>
public sealed class PowerCutTests : IDisposable
{
    private const int MaxRecoveryBoots = 8;
    private static readonly double[] TornFractions = [0.0, 0.5, 1.0];
    private static readonly TestRelease Release = new();
    private static readonly TestBundle Previous = Release.Bundle(0, 1, seed: 10);
    private static readonly TestBundle Old = Release.Bundle(1, 1, seed: 11);
    private static readonly TestBundle New = Release.Bundle(2, 2, seed: 12, sizes: [6000, 5000, 1500]);

    private readonly TestDevice _template = new(Release);
    private readonly List<TestDevice> _runs = [];

    /// <summary>The starting image: <see cref="Old"/> confirmed in slot B, an earlier bundle left in slot A (the install overwrites it).</summary>
    private readonly ITestOutputHelper _output;

    public PowerCutTests(ITestOutputHelper output)
    {
        _output = output;
        _template.Provision(Previous);
        _template.InstallAndConfirm(Old);
    }

    public void Dispose()
    {
        _template.Dispose();
        _runs.ForEach(d => d.Dispose());
    }

    /// <summary>One power-on of a scenario: what the device does between two reboots.</summary>
    private delegate void Phase(TestDevice device, FileFlashStorage storage);

    private static readonly Phase[] Update =
    [
        (device, storage) => TestDevice.Install(device.Boot(storage), New),
        (device, storage) =>
        {
            var trial = device.Boot(storage);
            Assert.True(trial.Decision.IsTrial, trial.Report.ToString());
            trial.Manager.Confirm();
        },
    ];

    private static readonly Phase[] Rollback =
    [
        (device, storage) => TestDevice.Install(device.Boot(storage), New),
        (device, storage) =>
        {
            var trial = device.Boot(storage);
            Assert.True(trial.Decision.IsTrial, trial.Report.ToString());
            trial.Manager.RejectTrial();
        },
        (device, storage) => Assert.Equal(Old.Version, device.Boot(storage).Report.Version),
    ];

    [Fact]
    [Trait("Requirement", "SR-BOOT-006")]
    [Trait("Requirement", "SR-BOOT-007")]
    public void Power_cut_at_any_step_of_an_update_still_boots_verified_and_reaches_the_new_bundle()
    {
        var steps = CountSteps(Update);
        _output.WriteLine($"update sequence: {steps} durable steps, each cut with torn fractions {string.Join(", ", TornFractions)}");
        Assert.InRange(steps, 20, 1000);
        foreach (var torn in TornFractions)
        {
            for (long k = 1; k <= steps; k++)
            {
                var device = CutAndRecover(Update, k, torn, RecoverUpdate);
                var final = device.Boot();
                Assert.Equal(New.Version, final.Report.Version);
                Assert.False(final.Decision.IsTrial);
                Assert.Equal(New.Counter, final.Report.ConfirmedCounter);
            }
        }
    }

    [Fact]
    [Trait("Requirement", "SR-BOOT-006")]
    [Trait("Requirement", "SR-BOOT-004")]
    public void Power_cut_at_any_step_of_a_rollback_still_ends_on_the_old_bundle()
    {
        var steps = CountSteps(Rollback);
        _output.WriteLine($"rollback sequence: {steps} durable steps, each cut with torn fractions {string.Join(", ", TornFractions)}");
        foreach (var torn in TornFractions)
        {
            for (long k = 1; k <= steps; k++)
            {
                var device = CutAndRecover(Rollback, k, torn, RecoverRollback);
                var final = device.Boot();
                Assert.Equal(Old.Version, final.Report.Version);
                Assert.Equal(BootSlot.B, final.Decision.Slot);
                Assert.Equal(BootSlot.None, final.State.Current.TrialSlot);
                Assert.Equal(Old.Counter, final.Report.ConfirmedCounter);
            }
        }
    }

    private long CountSteps(Phase[] phases)
    {
        var device = NewRun();
        long total = 0;
        foreach (var phase in phases)
        {
            var storage = device.PowerOn();
            phase(device, storage);
            total += storage.StepsPerformed;
        }

        return total;
    }

    /// <summary>Runs <paramref name="phases"/> with power cut at global step <paramref name="cutAt"/>, then reboots until <paramref name="recover"/> says done.</summary>
    private TestDevice CutAndRecover(Phase[] phases, long cutAt, double torn, Func<TestBootSession, bool> recover)
    {
        var device = NewRun();
        var context = $"cut at step {cutAt}, torn {torn}";
        long before = 0;
        var cut = false;
        foreach (var phase in phases)
        {
            var plan = cutAt > before ? new PowerCutPlan(cutAt - before, torn) : null;
            var storage = device.PowerOn(plan);
            try
            {
                phase(device, storage);
            }
            catch (PowerLossException)
            {
                cut = true;
                break;
            }

            before += storage.StepsPerformed;
        }

        Assert.True(cut, $"{context}: the cut did not happen");
        long lastCounter = Old.Counter;
        for (var boot = 0; boot < MaxRecoveryBoots; boot++)
        {
            Assert.True(new BootStateStore(device.PowerOn()).Current.ConfirmedCounter >= lastCounter, $"{context}: counter went down");
            var session = device.Boot();
            var report = session.Report;
            Assert.True(report.Mode == BootMode.Run, $"{context}, boot {boot}: {report}");
            Assert.NotNull(session.Decision.Verified);
            Assert.Contains(report.Version, new[] { Old.Version, New.Version });
            Assert.True(report.ConfirmedCounter >= lastCounter, $"{context}: counter went down to {report.ConfirmedCounter}");
            lastCounter = report.ConfirmedCounter;
            AssertActiveSlotUntouched(device, context);
            if (recover(session))
            {
                return device;
            }
        }

        Assert.Fail($"{context}: not recovered after {MaxRecoveryBoots} boots");
        return device;
    }

    /// <summary>Continues the update: finish (or resume) the install, confirm a trial; done once the new bundle runs confirmed.</summary>
    private static bool RecoverUpdate(TestBootSession session)
    {
        if (session.Decision.IsTrial)
        {
            session.Manager.Confirm();
            return false;
        }

        if (session.Report.Version == New.Version)
        {
            return true;
        }

        TestDevice.Install(session, New);
        return false;
    }

    /// <summary>Continues the rollback: a trial fails its health check again; done once the old bundle runs with no trial pending.</summary>
    private static bool RecoverRollback(TestBootSession session)
    {
        if (session.Decision.IsTrial)
        {
            session.Manager.RejectTrial();
            return false;
        }

        Assert.Equal(Old.Version, session.Report.Version);
        return session.State.Current.TrialSlot == BootSlot.None;
    }

    private void AssertActiveSlotUntouched(TestDevice device, string context)
    {
        foreach (var file in Directory.EnumerateFiles(Path.Combine(_template.Directory, "slots", "b")))
        {
            var copy = Path.Combine(device.Directory, "slots", "b", Path.GetFileName(file));
            Assert.True(File.ReadAllBytes(file).AsSpan().SequenceEqual(File.ReadAllBytes(copy)), $"{context}: active slot file {Path.GetFileName(file)} changed");
        }
    }

    private TestDevice NewRun()
    {
        var device = _template.CloneTo(Directory.CreateTempSubdirectory("es-cut-").FullName);
        _runs.Add(device);
        return device;
    }
}
