using EdgeSecurity.Firmware.Core.Boot;
using EdgeSecurity.Firmware.Core.Tests.TestSupport;

namespace EdgeSecurity.Firmware.Core.Tests.Boot;

/// <summary>
/// The two boot-state holes of issue 9, as an attacker (or an unlucky device) would hit them: a bundle that
/// was rejected, ran out of trial attempts, or whose install never completed must never become the
/// confirmed slot without passing a trial again (docs/boot.md, "threat model of the slot records").
/// </summary>
public sealed class RejectedBundleTests : IDisposable
{
    private static readonly TestRelease Release = new();
    private static readonly TestBundle Good = Release.Bundle(1, 1, seed: 1);
    private static readonly TestBundle Bad = Release.Bundle(2, 2, seed: 2);
    private readonly TestDevice _device = new(Release);

    public RejectedBundleTests() => _device.Provision(Good);

    public void Dispose() => _device.Dispose();

    private void FlipByte(string file, int position)
    {
        var flash = _device.PowerOn();
        var one = new byte[1];
        flash.Read(file, position, one, 0, 1);
        one[0] ^= 0x40;
        flash.Write(file, position, one, 0, 1);
        flash.Flush(file);
    }

    [Fact]
    [Trait("Requirement", "SR-BOOT-011")]
    public void A_trial_rejected_in_this_boot_cannot_then_be_confirmed()
    {
        TestDevice.Install(_device.Boot(), Bad);
        var trial = _device.Boot();
        Assert.True(trial.Decision.IsTrial);

        trial.Manager.RejectTrial();
        var error = Assert.Throws<InvalidOperationException>(trial.Manager.Confirm);
        Assert.Contains("rejected", error.Message, StringComparison.Ordinal);

        var stored = new BootStateStore(_device.PowerOn()).Current;
        Assert.Equal(BootSlot.A, stored.ConfirmedSlot);
        Assert.Equal(Good.Counter, stored.ConfirmedCounter);
        var next = _device.Boot();
        Assert.Equal(Good.Version, next.Report.Version);
        Assert.Equal(RollbackReason.HealthCheckFailed, next.Report.RollbackReason);
    }

    [Fact]
    [Trait("Requirement", "SR-BOOT-011")]
    public void A_trial_confirmed_in_this_boot_cannot_then_be_rejected_or_confirmed_again()
    {
        TestDevice.Install(_device.Boot(), Bad);
        var trial = _device.Boot();
        trial.Manager.Confirm();
        var sequence = trial.State.Current.Sequence;

        Assert.Contains("already confirmed", Assert.Throws<InvalidOperationException>(trial.Manager.RejectTrial).Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(trial.Manager.Confirm);
        Assert.Equal(sequence, new BootStateStore(_device.PowerOn()).Current.Sequence);
        Assert.Equal(Bad.Version, _device.Boot().Report.Version);
    }

    public enum Unconfirmed
    {
        /// <summary>The trial's health check failed (<c>RejectTrial</c>).</summary>
        HealthCheckFailed,

        /// <summary>The trial crashed before its health check until its attempts ran out.</summary>
        AttemptsExhausted,

        /// <summary>Every chunk was written, but the install's final <c>Complete</c> never happened.</summary>
        InstallNeverCompleted,
    }

    [Theory]
    [Trait("Requirement", "SR-BOOT-012")]
    [InlineData(Unconfirmed.HealthCheckFailed)]
    [InlineData(Unconfirmed.AttemptsExhausted)]
    [InlineData(Unconfirmed.InstallNeverCompleted)]
    public void A_bundle_never_confirmed_is_not_a_fallback_when_the_confirmed_slot_breaks(Unconfirmed how)
    {
        LeaveUnconfirmedInSlotB(how);
        Assert.Equal(Good.Version, _device.Boot().Report.Version);
        Assert.Equal(Good.Version, _device.Boot().Report.Version);

        FlipByte(BootSlot.ComponentFile(BootSlot.A, 0), 100);
        var boot = _device.Boot();

        Assert.Equal(BootMode.SafeMode, boot.Decision.Mode);
        Assert.Null(boot.Decision.Verified);
        Assert.DoesNotContain(boot.Report.Failures, f => f.Slot == BootSlot.B && f.IsValid);
        var stored = new BootStateStore(_device.PowerOn()).Current;
        Assert.Equal(BootSlot.A, stored.ConfirmedSlot);
        Assert.Equal(Good.Counter, stored.ConfirmedCounter);

        // Still safe mode on the next boots: the unconfirmed bundle never sneaks in later.
        Assert.Equal(BootMode.SafeMode, _device.Boot().Decision.Mode);
    }

    [Theory]
    [Trait("Requirement", "SR-BOOT-012")]
    [InlineData(Unconfirmed.HealthCheckFailed)]
    [InlineData(Unconfirmed.InstallNeverCompleted)]
    public void An_unconfirmed_bundle_runs_again_only_as_a_counted_trial_after_a_new_install(Unconfirmed how)
    {
        LeaveUnconfirmedInSlotB(how);
        FlipByte(BootSlot.ComponentFile(BootSlot.A, 0), 100);
        var safe = _device.Boot();
        Assert.Equal(BootMode.SafeMode, safe.Decision.Mode);

        TestDevice.Install(safe, Bad); // the same bundle offered again: a new trial
        var trial = _device.Boot();
        Assert.True(trial.Decision.IsTrial);
        Assert.Equal(Bad.Version, trial.Report.Version);
        Assert.Equal(Good.Counter, trial.Report.ConfirmedCounter);
    }

    private void LeaveUnconfirmedInSlotB(Unconfirmed how)
    {
        switch (how)
        {
            case Unconfirmed.HealthCheckFailed:
                TestDevice.Install(_device.Boot(), Bad);
                _device.Boot().Manager.RejectTrial();
                break;
            case Unconfirmed.AttemptsExhausted:
                TestDevice.Install(_device.Boot(), Bad);
                for (var i = 0; i < BootManager.DefaultTrialAttempts; i++)
                {
                    Assert.True(_device.Boot().Decision.IsTrial);
                }

                break;
            default:
                var installer = _device.Boot().Installer();
                Assert.True(installer.BeginInstall(Bad.SignedManifest).IsAccepted);
                for (var c = 0; c < Bad.Payloads.Length; c++)
                {
                    for (var k = 0; k < Bad.Manifest.GetComponent(c).ChunkCount; k++)
                    {
                        Assert.True(installer.WriteChunk(c, k, TestDevice.Chunk(Bad, c, k)).IsAccepted);
                    }
                }

                Assert.Equal(0, installer.CountMissingChunks());
                break;
        }
    }
}
