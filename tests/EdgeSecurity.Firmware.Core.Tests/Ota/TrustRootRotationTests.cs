using EdgeSecurity.Firmware.Core.Boot;
using EdgeSecurity.Firmware.Core.Events;
using EdgeSecurity.Firmware.Core.Integrity;
using EdgeSecurity.Firmware.Core.Ota;
using EdgeSecurity.Firmware.Core.Tests.Ota.Support;
using EdgeSecurity.Firmware.Core.Tests.TestSupport;
using EdgeSecurity.Firmware.Core.Tests.Trust;
using EdgeSecurity.Firmware.Core.Trust;

namespace EdgeSecurity.Firmware.Core.Tests.Ota;

/// <summary>Trust-root rotation delivered as an offer of kind 2: verified, installed atomically, followed by the integrity monitor.</summary>
[Trait("Requirement", "SR-OTA-009")]
public sealed class TrustRootRotationTests : IDisposable
{
    private static readonly TestRelease Release = new();
    private static readonly TestBundle Old = Release.Bundle(1, 5, seed: 41, firstSigner: 1);
    private readonly OtaRig _rig = new(Release, Old);

    public TrustRootRotationTests() => _rig.PowerOn();

    public void Dispose() => _rig.Dispose();

    private static byte[] Rotated(long version, byte[][]? revoked = null, long expires = TrustRootFixture.FarFuture) =>
        TrustRootFixture.Sign(Release.Keys.Build(version, expires, revoked), Release.Keys.RootSigners).ToBytes();

    [Fact]
    public void A_rotation_is_installed_survives_a_reboot_and_the_integrity_monitor_follows_it()
    {
        byte[] v2 = Rotated(2);
        _rig.OfferRoot(v2, campaign: 4);
        _rig.Step();

        var report = _rig.Reports[^1];
        Assert.Equal(OtaStage.RootInstalled, report.Stage);
        Assert.Equal(2, report.SecurityCounter);
        Assert.Empty(_rig.Agent.CheckIntegrityNow());

        _rig.PowerOn();
        Assert.Equal(2, _rig.Agent.TrustRoot.Root.Root.Version);
        Assert.Equal(v2, _rig.Agent.TrustRoot.VerifiedBytes);
        Assert.Equal(Old.Version, _rig.Agent.Decision.Report.Version);
        Assert.False(_rig.Flash.Exists(OtaStorageLayout.TrustRootStaging));

        // The new bytes are the reference now: changing them is found.
        byte[] changed = (byte[])v2.Clone();
        changed[20] ^= 1;
        _rig.Flash.Write(StorageLayout.TrustRootFile, 0, changed, 0, changed.Length);
        _rig.Flash.Flush(StorageLayout.TrustRootFile);
        Assert.Contains(_rig.Agent.CheckIntegrityNow(), f => f.Kind == IntegrityFindingKind.TrustStore);
    }

    [Fact]
    public void The_integrity_monitor_does_not_mistake_an_over_the_air_rotation_for_tampering()
    {
        _rig.OfferRoot(Rotated(2));
        _rig.Step();

        Assert.DoesNotContain(_rig.Agent.CheckIntegrityNow(), f => f.Kind == IntegrityFindingKind.TrustStore);
        Assert.Equal(ContainmentState.None, _rig.Agent.Integrity.Containment);
    }

    [Fact]
    public void The_root_already_held_is_reported_installed_again_without_a_change()
    {
        _rig.OfferRoot(Release.SignedTrustRoot);
        _rig.Step();

        Assert.Equal(OtaStage.RootInstalled, _rig.Reports[^1].Stage);
        Assert.Equal(1, _rig.Reports[^1].SecurityCounter);
    }

    [Fact]
    public void A_root_older_than_the_one_held_is_refused()
    {
        _rig.OfferRoot(Rotated(3));
        _rig.Step();

        _rig.OfferRoot(Rotated(2));
        _rig.Step();

        AssertRefused(OtaReason.FromTrustRoot(TrustRootFailure.VersionNotIncreasing), expectedVersion: 3);
    }

    [Fact]
    public void A_root_not_authorised_by_the_current_root_keys_is_refused()
    {
        var newRootKey = TrustRootFixture.NewSigners(1);
        var keys = Release.Keys;
        var root = new TrustRoot(
            2,
            TrustRootFixture.FarFuture,
            newRootKey.Concat(keys.ReleaseSigners).Select(s => s.TrustedKey).ToArray(),
            [new TrustRole(TrustRoleNames.Root, 1, newRootKey.Select(s => s.KeyId).ToArray()), new TrustRole(TrustRoleNames.Release, keys.ReleaseThreshold, keys.ReleaseSigners.Select(s => s.KeyId).ToArray())],
            []);

        _rig.OfferRoot(TrustRootFixture.Sign(root, newRootKey).ToBytes());
        _rig.Step();

        Assert.Equal(TrustRootFailure.UnknownKey, (TrustRootFailure)OtaReason.CodeOf(_rig.Reports[^1].Reason));
        AssertRefused(_rig.Reports[^1].Reason, expectedVersion: 1);
    }

    [Fact]
    public void An_expired_root_is_refused_by_the_trusted_time()
    {
        long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        _rig.OfferRoot(Rotated(2, expires: now - 60));
        _rig.Step();

        AssertRefused(OtaReason.FromTrustRoot(TrustRootFailure.Expired), expectedVersion: 1);
    }

    [Fact]
    public void A_root_that_would_leave_the_running_bundle_unverifiable_is_refused()
    {
        // The running bundle is signed by release keys 1 and 2; revoking key 1 leaves one signature.
        _rig.OfferRoot(Rotated(2, revoked: [Release.Keys.ReleaseSigners[1].KeyId]));
        _rig.Step();

        AssertRefused(OtaReason.FromOta(OtaFailure.RootWouldOrphanBundle), expectedVersion: 1);
    }

    private void AssertRefused(int reason, long expectedVersion)
    {
        Assert.Equal(OtaStage.Refused, _rig.Reports[^1].Stage);
        Assert.Equal(reason, _rig.Reports[^1].Reason);
        for (int i = 0; i < 40; i++)
        {
            _rig.Step();
        }

        Assert.Contains(_rig.EventsOf(EventTypes.OtaOfferRefused), e => e.FindField(EventFieldIds.Ota.ResultCode)!.Int32Value == reason);
        _rig.PowerOn();
        Assert.Equal(expectedVersion, _rig.Agent.TrustRoot.Root.Root.Version);
        Assert.Equal(Old.Version, _rig.Agent.Decision.Report.Version);
    }
}
