using EdgeSecurity.Firmware.Core.Boot;
using EdgeSecurity.Firmware.Core.Bundles;
using EdgeSecurity.Firmware.Core.Tests.TestSupport;

namespace EdgeSecurity.Firmware.Core.Tests.Boot;

public sealed class BootScenarioTests : IDisposable
{
    private static readonly TestRelease Release = new();
    private readonly TestDevice _device = new(Release);

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
    [Trait("Requirement", "SR-BOOT-001")]
    [Trait("Requirement", "SR-BOOT-003")]
    [Trait("Requirement", "SR-BOOT-005")]
    public void Install_then_trial_boot_then_confirm_raises_the_counter_only_at_confirmation()
    {
        _device.Provision(Release.Bundle(1, 1, seed: 1));
        var v2 = Release.Bundle(2, 5, seed: 2);

        TestDevice.Install(_device.Boot(), v2);
        var trial = _device.Boot();
        Assert.Equal(BootMode.Run, trial.Decision.Mode);
        Assert.True(trial.Decision.IsTrial);
        Assert.Equal(BootSlot.B, trial.Decision.Slot);
        Assert.Equal(v2.Version, trial.Report.Version);
        Assert.Equal(1, trial.Report.ConfirmedCounter);
        Assert.Equal(BootManager.DefaultTrialAttempts - 1, trial.Report.TrialAttemptsLeft);

        trial.Manager.Confirm();
        Assert.Equal(5, trial.State.Current.ConfirmedCounter);
        Assert.False(trial.Report.IsTrial); // the report of this boot no longer claims a trial
        Assert.Equal(BootOutcome.Confirmed, trial.Report.Outcome);

        var next = _device.Boot();
        Assert.False(next.Decision.IsTrial);
        Assert.Equal(BootSlot.B, next.Decision.Slot);
        Assert.Equal(BootOutcome.Confirmed, next.Report.Outcome);
        Assert.Equal(5, next.Report.ConfirmedCounter);
        Assert.Empty(next.Report.Failures);
        Assert.Equal("app.pe", next.Decision.Verified.Manifest.GetComponent(0).Name);
        // The verified slot's summary says how much was checked: every one of the bundle's three components.
        Assert.EndsWith("; 3 component(s) verified", next.Decision.Verified.Detail, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Requirement", "SR-BOOT-004")]
    public void A_failed_health_check_rolls_back_to_the_previous_slot_and_reports_it_once()
    {
        var v1 = Release.Bundle(1, 1, seed: 1);
        _device.Provision(v1);
        TestDevice.Install(_device.Boot(), Release.Bundle(2, 2, seed: 2));
        var trial = _device.Boot();
        Assert.True(trial.Decision.IsTrial);

        trial.Manager.RejectTrial();
        Assert.False(trial.Report.IsTrial);
        Assert.Equal(SlotStatus.Rejected, new BootStateStore(_device.PowerOn()).Current.GetStatus(BootSlot.B));
        var rolledBack = _device.Boot();
        Assert.Equal(BootSlot.A, rolledBack.Decision.Slot);
        Assert.Equal(v1.Version, rolledBack.Report.Version);
        Assert.Equal(BootOutcome.RolledBack, rolledBack.Report.Outcome);
        Assert.Equal(RollbackReason.HealthCheckFailed, rolledBack.Report.RollbackReason);
        Assert.Equal(BootSlot.B, rolledBack.Report.RolledBackFrom);
        Assert.Equal(1, rolledBack.Report.ConfirmedCounter);

        var after = _device.Boot();
        Assert.Equal(BootOutcome.Confirmed, after.Report.Outcome);
        Assert.Equal(RollbackReason.None, after.Report.RollbackReason);
    }

    [Fact]
    [Trait("Requirement", "SR-BOOT-003")]
    [Trait("Requirement", "SR-BOOT-004")]
    public void Trial_attempts_are_bounded_and_exhaustion_rolls_back()
    {
        _device.Provision(Release.Bundle(1, 1, seed: 1));
        TestDevice.Install(_device.Boot(), Release.Bundle(2, 2, seed: 2));
        for (var attempt = 0; attempt < BootManager.DefaultTrialAttempts; attempt++)
        {
            var trial = _device.Boot(); // the trial application "crashes" before its health check
            Assert.True(trial.Decision.IsTrial);
            Assert.Equal(BootManager.DefaultTrialAttempts - attempt - 1, trial.State.Current.TrialAttemptsLeft);
        }

        var exhausted = _device.Boot();
        Assert.False(exhausted.Decision.IsTrial);
        Assert.Equal(BootSlot.A, exhausted.Decision.Slot);
        Assert.Equal(BootOutcome.RolledBack, exhausted.Report.Outcome);
        Assert.Equal(RollbackReason.TrialAttemptsExhausted, exhausted.Report.RollbackReason);
        var exhaustedFailure = Assert.Single(exhausted.Report.Failures);
        Assert.Equal(SlotFailure.TrialAttemptsExhausted, exhaustedFailure.Failure);
        Assert.Contains("without being confirmed", exhaustedFailure.Detail, StringComparison.Ordinal); // what the operator reads
        Assert.Equal(1, exhausted.Report.ConfirmedCounter);
    }

    public enum Tamper { ComponentByte, ManifestByte, MixAndMatch, ComponentDeleted, ManifestDeleted, ManifestOversized }

    [Theory]
    [Trait("Requirement", "SR-BOOT-001")]
    [Trait("Requirement", "SR-BOOT-002")]
    [InlineData(Tamper.ComponentByte)]
    [InlineData(Tamper.ManifestByte)]
    [InlineData(Tamper.MixAndMatch)]
    [InlineData(Tamper.ComponentDeleted)]
    [InlineData(Tamper.ManifestDeleted)]
    [InlineData(Tamper.ManifestOversized)]
    public void A_tampered_confirmed_slot_falls_back_to_the_other_verified_slot_with_the_reason(Tamper tamper)
    {
        var v1 = Release.Bundle(1, 3, seed: 1);
        _device.Provision(v1);
        _device.InstallAndConfirm(Release.Bundle(2, 3, seed: 2)); // same counter: v1 stays a valid fallback
        Assert.Equal(BootSlot.B, _device.Boot().Decision.Slot);

        string file;
        switch (tamper)
        {
            case Tamper.ComponentByte:
                file = BootSlot.ComponentFile(BootSlot.B, 1);
                FlipByte(file, 1500);
                break;
            case Tamper.ManifestByte:
                file = BootSlot.ManifestFile(BootSlot.B);
                FlipByte(file, 60);
                break;
            case Tamper.MixAndMatch:
                // A component signed in another genuine bundle replaces this bundle's one.
                file = BootSlot.ComponentFile(BootSlot.B, 0);
                var other = Release.Bundle(3, 3, seed: 3);
                var flash = _device.PowerOn();
                flash.Delete(file);
                flash.Write(file, 0, other.Payloads[0], 0, other.Payloads[0].Length);
                flash.Flush(file);
                break;
            case Tamper.ManifestDeleted:
                file = BootSlot.ManifestFile(BootSlot.B);
                _device.PowerOn().Delete(file);
                break;
            case Tamper.ManifestOversized:
                // The genuine manifest followed by padding: longer than any signed manifest, so never parsed.
                file = BootSlot.ManifestFile(BootSlot.B);
                var grown = _device.PowerOn();
                var oversized = new byte[SignedManifest.MaxEncodedLength + 1];
                grown.Read(file, 0, oversized, 0, grown.GetLength(file));
                grown.Delete(file);
                grown.Write(file, 0, oversized, 0, oversized.Length);
                grown.Flush(file);
                break;
            default:
                file = BootSlot.ComponentFile(BootSlot.B, 2);
                _device.PowerOn().Delete(file);
                break;
        }

        var boot = _device.Boot();
        Assert.Equal(BootMode.Run, boot.Decision.Mode);
        Assert.Equal(BootSlot.A, boot.Decision.Slot);
        Assert.Equal(v1.Version, boot.Report.Version);
        Assert.True(boot.Report.FallbackTaken);
        Assert.Equal(BootOutcome.Fallback, boot.Report.Outcome);
        var failure = Assert.Single(boot.Report.Failures);
        Assert.Equal(BootSlot.B, failure.Slot);
        Assert.Equal(file, failure.FileName);
        var expected = tamper switch
        {
            Tamper.ManifestByte => new[] { SlotFailure.SignatureInvalid, SlotFailure.ManifestMalformed },
            Tamper.ComponentDeleted => [SlotFailure.ComponentMissing],
            Tamper.ManifestDeleted => [SlotFailure.ManifestMissing],
            Tamper.ManifestOversized => [SlotFailure.ManifestMalformed],
            _ => [SlotFailure.ComponentDigestMismatch],
        };
        Assert.Contains(failure.Failure, expected);
        // What the operator reads for the failures the slot verifier words itself.
        var reason = tamper switch
        {
            Tamper.ManifestDeleted => "slot B holds no manifest",
            Tamper.ManifestOversized => $"manifest file is unreadable or larger than {SignedManifest.MaxEncodedLength} bytes",
            _ => null,
        };
        if (reason is not null)
        {
            Assert.Equal(reason, failure.Detail);
        }

        // The fallback is now the confirmed slot: the next install goes to the tampered one.
        Assert.Equal(BootSlot.A, boot.State.Current.ConfirmedSlot);
        Assert.Equal(BootSlot.B, boot.Installer().TargetSlot);
    }

    [Fact]
    [Trait("Requirement", "SR-BOOT-008")]
    public void Safe_mode_when_no_slot_verifies_lists_every_reason()
    {
        _device.Provision(Release.Bundle(1, 1, seed: 1));
        _device.InstallAndConfirm(Release.Bundle(2, 1, seed: 2));
        FlipByte(BootSlot.ComponentFile(BootSlot.A, 0), 10);
        FlipByte(BootSlot.ComponentFile(BootSlot.B, 0), 10);

        var boot = _device.Boot();
        Assert.Equal(BootMode.SafeMode, boot.Decision.Mode);
        Assert.False(boot.Decision.MayRunApplication);
        Assert.Null(boot.Decision.Verified);
        Assert.Equal(BootOutcome.SafeMode, boot.Report.Outcome);
        // In the order tried: the stored confirmed slot (B, confirmed last), then the other one.
        Assert.Equal([BootSlot.B, BootSlot.A], boot.Report.Failures.Select(f => f.Slot));
        Assert.All(boot.Report.Failures, f => Assert.Equal(SlotFailure.ComponentDigestMismatch, f.Failure));

        // Safe mode still accepts an update, and the update boots.
        TestDevice.Install(boot, Release.Bundle(3, 1, seed: 3));
        var recovered = _device.Boot();
        Assert.Equal(BootMode.Run, recovered.Decision.Mode);
        Assert.True(recovered.Decision.IsTrial);
    }

    [Fact]
    [Trait("Requirement", "SR-BOOT-008")]
    public void A_provisioned_device_whose_boot_state_was_wiped_says_so_and_runs_nothing()
    {
        _device.Provision(Release.Bundle(1, 1, seed: 1));
        Assert.True(_device.Boot().Report.StateFound);
        var flash = _device.PowerOn();
        flash.Delete(StorageLayout.BootStateCopy0);
        flash.Delete(StorageLayout.BootStateCopy1);

        var wiped = _device.Boot();
        // Worth an alert: the device lost the records that vouch for its slots (the save of this boot does not hide it).
        Assert.False(wiped.Report.StateFound);
        Assert.Equal(BootMode.SafeMode, wiped.Decision.Mode);
        Assert.True(_device.Boot().Report.StateFound);
    }

    [Fact]
    [Trait("Requirement", "SR-BOOT-002")]
    [Trait("Requirement", "SR-BOOT-005")]
    public void An_older_bundle_left_in_a_slot_is_not_a_fallback_after_a_counter_raise()
    {
        _device.Provision(Release.Bundle(1, 1, seed: 1));
        _device.InstallAndConfirm(Release.Bundle(2, 2, seed: 2));
        FlipByte(BootSlot.ComponentFile(BootSlot.B, 0), 10);

        var boot = _device.Boot();
        Assert.Equal(BootMode.SafeMode, boot.Decision.Mode);
        Assert.Contains(boot.Report.Failures, f => f.Slot == BootSlot.A && f.Failure == SlotFailure.CounterTooLow);
    }

    [Fact]
    [Trait("Requirement", "SR-BOOT-001")]
    public void A_trial_slot_tampered_after_install_is_rolled_back_before_it_runs()
    {
        _device.Provision(Release.Bundle(1, 1, seed: 1));
        TestDevice.Install(_device.Boot(), Release.Bundle(2, 2, seed: 2));
        FlipByte(BootSlot.ComponentFile(BootSlot.B, 2), 5);

        var boot = _device.Boot();
        Assert.False(boot.Decision.IsTrial);
        Assert.Equal(BootSlot.A, boot.Decision.Slot);
        Assert.Equal(BootOutcome.RolledBack, boot.Report.Outcome);
        Assert.Equal(RollbackReason.TrialVerificationFailed, boot.Report.RollbackReason);
        Assert.Equal(SlotFailure.ComponentDigestMismatch, Assert.Single(boot.Report.Failures).Failure);
    }

    [Fact]
    [Trait("Requirement", "SR-BOOT-008")]
    public void A_missing_trust_root_means_safe_mode_with_that_reason()
    {
        _device.Provision(Release.Bundle(1, 1, seed: 1));
        _device.PowerOn().Delete(StorageLayout.TrustRootFile);

        var boot = _device.Boot();
        Assert.Equal(BootMode.SafeMode, boot.Decision.Mode);
        Assert.All(boot.Report.Failures, f => Assert.Equal(SlotFailure.TrustRootUnavailable, f.Failure));
    }

    [Fact]
    [Trait("Requirement", "SR-BOOT-011")]
    public void Confirm_outside_a_trial_is_refused()
    {
        _device.Provision(Release.Bundle(1, 1, seed: 1));
        var boot = _device.Boot();
        // The error names the refused operation and why: this boot is no trial (not "already resolved").
        var confirm = Assert.Throws<InvalidOperationException>(boot.Manager.Confirm);
        Assert.Contains("Confirm is refused", confirm.Message, StringComparison.Ordinal);
        Assert.Contains("not a trial", confirm.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("already", confirm.Message, StringComparison.Ordinal);
        var reject = Assert.Throws<InvalidOperationException>(boot.Manager.RejectTrial);
        Assert.Contains("RejectTrial is refused", reject.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => boot.Manager.Boot());

        var undecided = new BootManager(new BootStateStore(_device.PowerOn()), new SignedSlotVerifier(_device.PowerOn(), boot.TrustRoot, boot.Bundles, TestRelease.HardwareClass));
        Assert.Contains("not decided", Assert.Throws<InvalidOperationException>(undecided.Confirm).Message, StringComparison.Ordinal);
        Assert.Equal("store", Assert.Throws<ArgumentNullException>(() => new BootManager(null!, new SignedSlotVerifier(_device.PowerOn(), boot.TrustRoot, boot.Bundles, TestRelease.HardwareClass))).ParamName);
        Assert.Equal("verifier", Assert.Throws<ArgumentNullException>(() => new BootManager(new BootStateStore(_device.PowerOn()), null!)).ParamName);
    }

    [Fact]
    public void A_slot_verifier_without_its_storage_trust_root_verifier_or_hardware_class_is_an_argument_error()
    {
        _device.Provision(Release.Bundle(1, 1, seed: 1));
        var boot = _device.Boot();
        var flash = _device.PowerOn();
        Assert.Equal("storage", Assert.Throws<ArgumentNullException>(() => new SignedSlotVerifier(null!, boot.TrustRoot, boot.Bundles, TestRelease.HardwareClass)).ParamName);
        Assert.Equal("trustRoot", Assert.Throws<ArgumentNullException>(() => new SignedSlotVerifier(flash, null!, boot.Bundles, TestRelease.HardwareClass)).ParamName);
        Assert.Equal("bundles", Assert.Throws<ArgumentNullException>(() => new SignedSlotVerifier(flash, boot.TrustRoot, null!, TestRelease.HardwareClass)).ParamName);
        Assert.Equal("hardwareClass", Assert.Throws<ArgumentNullException>(() => new SignedSlotVerifier(flash, boot.TrustRoot, boot.Bundles, null!)).ParamName);
    }

    [Fact]
    [Trait("Requirement", "SR-BOOT-012")]
    public void A_genuinely_signed_bundle_copied_over_the_confirmed_one_does_not_run_as_confirmed()
    {
        var v1 = Release.Bundle(1, 3, seed: 1);
        _device.Provision(v1);
        _device.InstallAndConfirm(Release.Bundle(2, 3, seed: 2));
        // Slot B now holds, whole and correctly signed, a bundle that was never installed on this device:
        // its signature and counter pass, only the record of what B holds can refuse it.
        var foreign = Release.Bundle(3, 3, seed: 3);
        var flash = _device.PowerOn();
        flash.Delete(BootSlot.ManifestFile(BootSlot.B));
        flash.Write(BootSlot.ManifestFile(BootSlot.B), 0, foreign.SignedManifest, 0, foreign.SignedManifest.Length);
        flash.Flush(BootSlot.ManifestFile(BootSlot.B));
        for (var c = 0; c < foreign.Payloads.Length; c++)
        {
            var file = BootSlot.ComponentFile(BootSlot.B, c);
            flash.Delete(file);
            flash.Write(file, 0, foreign.Payloads[c], 0, foreign.Payloads[c].Length);
            flash.Flush(file);
        }

        var boot = _device.Boot();

        Assert.Equal(BootSlot.A, boot.Decision.Slot);
        Assert.Equal(v1.Version, boot.Report.Version);
        Assert.Equal(BootOutcome.Fallback, boot.Report.Outcome);
        var failure = Assert.Single(boot.Report.Failures);
        Assert.Equal((BootSlot.B, SlotFailure.NotRecordedBundle), (failure.Slot, failure.Failure));
        Assert.Contains("slot B", failure.Detail, StringComparison.Ordinal);
        Assert.Contains("does not vouch for", failure.Detail, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Requirement", "SR-BOOT-001")]
    public void Components_are_handed_to_the_loader_only_while_they_match_the_verified_manifest()
    {
        var v1 = Release.Bundle(1, 1, seed: 1);
        _device.Provision(v1);
        var boot = _device.Boot();
        var mac = new EdgeSecurity.Platform.Crypto.HmacSha256MacPrimitive();
        var intact = VerifiedComponentReader.Read(boot.Storage, mac, boot.Decision.Verified, 0);
        Assert.True(intact.IsIntact);
        Assert.Equal(v1.Payloads[0], intact.Bytes);

        FlipByte(BootSlot.ComponentFile(BootSlot.A, 0), 7); // changed after the boot check
        var changed = VerifiedComponentReader.Read(_device.PowerOn(), mac, boot.Decision.Verified, 0);
        Assert.False(changed.IsIntact);
        Assert.Null(changed.Bytes);
        Assert.Equal(BootSlot.ComponentFile(BootSlot.A, 0), changed.FileName);
        Assert.Equal("app.pe", changed.Name);
        Assert.NotNull(changed.ActualDigest);
        Assert.NotEqual(changed.ExpectedDigest, changed.ActualDigest);
    }
}
