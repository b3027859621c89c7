using EdgeSecurity.Firmware.Core.Boot;
using EdgeSecurity.Firmware.Core.Bundles;
using EdgeSecurity.Firmware.Core.Events;
using EdgeSecurity.Firmware.Core.Ota;
using EdgeSecurity.Firmware.Core.Serialization;
using EdgeSecurity.Firmware.Core.Tests.Events.Support;
using EdgeSecurity.Firmware.Core.Tests.Ota.Support;
using EdgeSecurity.Firmware.Core.Tests.TestSupport;
using EdgeSecurity.Firmware.Core.Tests.Trust;
using EdgeSecurity.Firmware.Core.Trust;

namespace EdgeSecurity.Firmware.Core.Tests.Ota;

/// <summary>
/// Each update attack of issue 9 against the device's update client, as an attacker on the network or a
/// compromised host would run it. Every test ends with the device running a verified bundle (the old one
/// unless the attack was only an obstacle), nothing unverified pending, and the event that names the attack.
/// </summary>
[Trait("Requirement", "SR-OTA-005")]
public sealed class UpdateAttackTests : IDisposable
{
    private static readonly TestRelease Release = new();

    // Signed by release keys 1 and 2, so a rotation revoking key 0 still verifies it.
    private static readonly TestBundle Old = Release.Bundle(1, 5, seed: 31, firstSigner: 1);
    private static readonly TestBundle New = Release.Bundle(2, 6, seed: 32, sizes: [5000, 3000, 700], firstSigner: 1);
    private readonly OtaRig _rig = new(Release, Old);

    public UpdateAttackTests() => _rig.PowerOn();

    public void Dispose() => _rig.Dispose();

    [Fact]
    public void An_unsigned_bundle_is_refused()
    {
        byte[] manifest = New.Manifest.ToBytes();
        byte[] unsigned = [.. "ESSM"u8, 1, 0, .. BitConverter.GetBytes(manifest.Length), .. manifest, 0];

        _rig.Deliver(OtaRig.OfferTopic, _rig.OfferBytes(OtaOfferKind.Bundle, unsigned, 1));

        AssertRefused(OtaReason.FromMalformed(MalformedReason.CountOutOfRange));
    }

    [Fact]
    public void A_bundle_signed_by_a_key_the_trust_root_does_not_know_is_refused()
    {
        var attacker = TrustRootFixture.NewSigners(2);
        byte[] manifest = New.Manifest.ToBytes();
        byte[] signed = SignedManifest.Create(manifest, attacker.Select(k => k.SignManifest(manifest)).ToArray()).ToBytes();

        _rig.Deliver(OtaRig.OfferTopic, _rig.OfferBytes(OtaOfferKind.Bundle, signed, 1));

        AssertRefused(OtaReason.FromBundle(BundleFailure.UnknownKey));
    }

    [Fact]
    public void A_wrongly_signed_bundle_is_refused()
    {
        byte[] forged = (byte[])New.SignedManifest.Clone();
        forged[^1] ^= 0x01;

        _rig.Deliver(OtaRig.OfferTopic, _rig.OfferBytes(OtaOfferKind.Bundle, forged, 1));

        AssertRefused(OtaReason.FromBundle(BundleFailure.BadSignature));
    }

    [Fact]
    public void A_bundle_with_too_few_signatures_is_refused()
    {
        _rig.Offer(Release.Bundle(2, 6, seed: 33, signers: 1));

        AssertRefused(OtaReason.FromBundle(BundleFailure.ThresholdNotMet));
    }

    [Fact]
    public void A_bundle_signed_with_a_key_revoked_by_a_rotation_delivered_over_the_air_is_refused()
    {
        TrustRootFixture keys = Release.Keys;
        TrustRoot rotated = keys.Build(version: 2, revoked: [keys.ReleaseSigners[0].KeyId]);
        _rig.OfferRoot(TrustRootFixture.Sign(rotated, keys.RootSigners).ToBytes());
        _rig.Step();
        Assert.Equal(OtaStage.RootInstalled, _rig.Reports[^1].Stage);

        // Keys 0 and 1 met the threshold before the rotation; with key 0 revoked only one counts.
        _rig.Offer(Release.Bundle(2, 6, seed: 34, firstSigner: 0));

        AssertRefused(OtaReason.FromBundle(BundleFailure.RevokedKey));
        _rig.PowerOn();
        Assert.Equal(2, _rig.Agent.TrustRoot.Root.Root.Version);
    }

    [Fact]
    public void A_rollback_to_a_lower_security_counter_is_refused()
    {
        _rig.Offer(Release.Bundle(3, 4, seed: 35));

        AssertRefused(OtaReason.FromBundle(BundleFailure.CounterRollback));
    }

    [Fact]
    public void A_bundle_not_newer_than_the_running_one_is_refused()
    {
        _rig.Offer(Release.Bundle(1, 5, seed: 30));

        AssertRefused(OtaReason.FromOta(OtaFailure.VersionNotNewer));
    }

    [Fact]
    [Trait("Requirement", "SR-OTA-038")]
    public void A_replayed_older_offer_is_refused_and_recorded_as_a_replay()
    {
        byte[] older = _rig.Offer(New);
        _rig.Step();
        _rig.Offer(New); // the host offers again (a new sequence): the device resumes
        _rig.Step();
        int reports = _rig.Reports.Count;

        _rig.Deliver(OtaRig.OfferTopic, older);
        _rig.Step();

        Assert.Equal(OtaStage.Refused, _rig.Reports[reports].Stage);
        Assert.Equal(OtaReason.FromOta(OtaFailure.ReplayedOffer), _rig.Reports[reports].Reason);
        Assert.Equal(0, _rig.Client.RedeliveredOffers);
        _rig.RunUntil(() => _rig.EventsOf(EventTypes.OtaOfferReplayed).Count > 0, 5000);
        Assert.Single(_rig.EventsOf(EventTypes.OtaOfferReplayed));
        Assert.True(_rig.RunUntilReboot(), "the genuine download goes on");
    }

    [Fact]
    [Trait("Requirement", "SR-OTA-038")]
    public void An_offer_reusing_the_last_accepted_sequence_with_other_bytes_is_refused_as_a_replay()
    {
        _rig.Offer(New, campaign: 1);
        _rig.Step();
        long accepted = _rig.Client.State.LastAcceptedSequence;
        int reports = _rig.Reports.Count;

        // Same sequence, another campaign, bundle or time: not the offer the device accepted.
        _rig.Deliver(OtaRig.OfferTopic, _rig.OfferBytes(OtaOfferKind.Bundle, New.SignedManifest, 2, sequence: accepted));
        _rig.Deliver(OtaRig.OfferTopic, _rig.OfferBytes(OtaOfferKind.Bundle, Release.Bundle(3, 7, seed: 39).SignedManifest, 1, sequence: accepted));
        _rig.Deliver(OtaRig.OfferTopic, _rig.OfferBytes(OtaOfferKind.Bundle, New.SignedManifest, 1, sequence: accepted, hostTime: _rig.HostTime + 1));
        _rig.Step();

        var refusals = _rig.Reports.Skip(reports).ToList();
        Assert.Equal(3, refusals.Count);
        Assert.All(refusals, r => Assert.Equal((OtaStage.Refused, OtaReason.FromOta(OtaFailure.ReplayedOffer)), (r.Stage, r.Reason)));
        Assert.Equal(0, _rig.Client.RedeliveredOffers);
        Assert.Equal(accepted, _rig.Client.State.LastAcceptedSequence);
        Assert.Equal(1, _rig.Client.State.CampaignId);
        Assert.True(_rig.RunUntilReboot(), "the genuine download goes on");
        Assert.Equal(New.Manifest.BundleId, _rig.Client.State.BundleId);
    }

    [Fact]
    [Trait("Requirement", "SR-OTA-038")]
    public void The_offer_last_accepted_delivered_again_is_ignored_and_the_download_goes_on_without_a_restart()
    {
        byte[] offer = _rig.Offer(New);
        _rig.RunUntil(() => _rig.Client.Download?.PresentChunks >= 3);
        var download = _rig.Client.Download!;
        int present = download.PresentChunks;
        int reports = _rig.Reports.Count;
        int requests = _rig.Requests.Count;

        // What a broker does after a reconnect or a node failover: the same bytes again, twice.
        _rig.Deliver(OtaRig.OfferTopic, offer);
        _rig.Deliver(OtaRig.OfferTopic, offer);
        _rig.Step();

        Assert.Equal(2, _rig.Client.RedeliveredOffers);
        Assert.Same(download, _rig.Client.Download);
        Assert.True(download.PresentChunks >= present);
        Assert.DoesNotContain(_rig.Reports.Skip(reports), r => r.Stage is OtaStage.Refused or OtaStage.Accepted);
        var asked = _rig.Requests.Skip(requests).SelectMany(r => Enumerable.Range(0, r.Count).Select(r.GetChunk)).Select(c => (c.ComponentIndex, c.ChunkIndex));
        Assert.DoesNotContain((0, 0), asked);
        Assert.True(_rig.RunUntilReboot(), "the download completes");
        Assert.Empty(_rig.EventsOf(EventTypes.OtaOfferReplayed));
        Assert.Empty(_rig.EventsOf(EventTypes.OtaOfferRefused));
        Assert.Single(_rig.EventsOf(EventTypes.OtaDownloadStarted).Select(e => e.Sequence).Distinct());
    }

    [Fact]
    [Trait("Requirement", "SR-OTA-008")]
    public void An_expired_bundle_is_refused_by_the_trusted_time_even_when_the_offer_claims_an_old_time()
    {
        long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        TestBundle expiring = Release.Bundle(2, 6, seed: 37, expiresUnixSeconds: now + 600);

        // Any authentic offer carries the host's time: the device keeps the newest on flash.
        _rig.HostTime = now + 3600;
        _rig.Offer(Old);
        _rig.Step();
        _rig.PowerOn();

        // The frozen offer says it is still before the expiry; the device knows better.
        _rig.Offer(expiring, hostTime: now);

        AssertRefused(OtaReason.FromBundle(BundleFailure.Expired));
    }

    [Fact]
    public void A_bundle_for_another_hardware_class_is_refused()
    {
        _rig.Offer(Release.Bundle(2, 6, seed: 38, hardwareClass: "other-board"));

        AssertRefused(OtaReason.FromBundle(BundleFailure.WrongHardwareClass));
    }

    [Fact]
    public void An_offer_under_another_key_is_refused_as_unauthentic()
    {
        _rig.Deliver(OtaRig.OfferTopic, _rig.OfferBytes(OtaOfferKind.Bundle, New.SignedManifest, 1, key: TestMac.NewKey()));

        AssertRefused(OtaReason.FromOta(OtaFailure.BadOfferMac));
        Assert.Equal(0, _rig.Reports[^1].CampaignId);
    }

    [Fact]
    public void A_component_from_another_bundle_is_rejected_chunk_by_chunk_and_the_genuine_one_installed()
    {
        TestBundle other = Release.Bundle(2, 6, seed: 39, sizes: [5000, 3000, 700]);
        var mixed = new HashSet<(int, int)>();
        _rig.ChunkFilter = chunk => mixed.Add((chunk.ComponentIndex, chunk.ChunkIndex)) && chunk.ComponentIndex == 1
            ? [new OtaChunk(chunk.CampaignId, 1, chunk.ChunkIndex, TestDevice.Chunk(other, 1, chunk.ChunkIndex))]
            : [chunk];
        _rig.Offer(New);

        Assert.True(_rig.RunUntilReboot());

        Assert.Equal(New.Manifest.GetComponent(1).ChunkCount, CountAfterUpload(EventTypes.OtaChunkFailed));
        AssertInstallsNewThenConfirms();
    }

    [Fact]
    public void A_chunk_tampered_in_transit_is_never_written_and_is_fetched_again()
    {
        bool tampered = false;
        _rig.ChunkFilter = chunk =>
        {
            if (tampered || chunk.ChunkIndex != 2)
            {
                return [chunk];
            }

            tampered = true;
            byte[] data = (byte[])chunk.Data.Clone();
            data[10] ^= 0x40;
            return [new OtaChunk(chunk.CampaignId, chunk.ComponentIndex, chunk.ChunkIndex, data)];
        };
        _rig.Offer(New);

        Assert.True(_rig.RunUntilReboot());

        Assert.Equal(1, CountAfterUpload(EventTypes.OtaChunkFailed));
        AssertInstallsNewThenConfirms();
    }

    [Fact]
    public void A_chunk_that_keeps_arriving_tampered_ends_the_download_with_a_failure()
    {
        _rig.ChunkFilter = chunk =>
        {
            byte[] data = (byte[])chunk.Data.Clone();
            data[0] ^= 0xFF;
            return [new OtaChunk(chunk.CampaignId, chunk.ComponentIndex, chunk.ChunkIndex, data)];
        };
        _rig.Offer(New);

        _rig.RunUntil(() => _rig.Stages.Contains(OtaStage.Failed));

        Assert.Equal(OtaReason.FromOta(OtaFailure.ChunkRetriesExhausted), _rig.Last(OtaStage.Failed).Reason);
        Assert.Equal(OtaPhase.Idle, _rig.Client.Phase);
        AssertStillRunsOld();
    }

    [Fact]
    public void Endless_or_oversized_chunks_are_ignored_and_never_written()
    {
        _rig.ChunkFilter = chunk =>
        [
            new OtaChunk(chunk.CampaignId, chunk.ComponentIndex, chunk.ChunkIndex, [.. chunk.Data, 0x00]),
            new OtaChunk(chunk.CampaignId, chunk.ComponentIndex, chunk.ChunkIndex + 100, chunk.Data),
            new OtaChunk(chunk.CampaignId, 9, 0, chunk.Data),
            new OtaChunk(chunk.CampaignId + 1, chunk.ComponentIndex, chunk.ChunkIndex, chunk.Data),
            chunk,
        ];
        _rig.Offer(New);

        Assert.True(_rig.RunUntilReboot());

        int slot = _rig.Client.State.TargetSlot;
        for (int i = 0; i < New.Manifest.ComponentCount; i++)
        {
            Assert.Equal(New.Manifest.GetComponent(i).Size, _rig.Flash.GetLength(BootSlot.ComponentFile(slot, i)));
        }

        Assert.InRange(CountAfterUpload(EventTypes.OtaChunkIgnored), 1, 12);
        AssertInstallsNewThenConfirms();
    }

    [Fact]
    public void An_image_tampered_on_flash_before_the_trial_boot_is_rolled_back_at_boot()
    {
        _rig.Offer(New);
        Assert.True(_rig.RunUntilReboot());
        string component = BootSlot.ComponentFile(_rig.Client.State.TargetSlot, 0);
        _rig.Flash.Write(component, 100, [0xEE], 0, 1);
        _rig.Flash.Flush(component);

        _rig.PowerOn();

        Assert.False(_rig.Agent.Decision.IsTrial);
        Assert.Equal(Old.Version, _rig.Agent.Decision.Report.Version);
        Assert.Equal(OtaStage.RolledBack, _rig.Reports[^1].Stage);
        Assert.Equal(OtaReason.FromOta(OtaFailure.TrialNotBooted), _rig.Reports[^1].Reason);
        Assert.Equal(1, CountAfterUpload(EventTypes.OtaRolledBack));
        AssertStillRunsOld();
    }

    [Fact]
    public void A_stalled_download_times_out_and_resumes_later()
    {
        _rig.Offer(New);
        _rig.RunUntil(() => _rig.Client.Download?.PresentChunks >= 2);
        _rig.ServeChunks = false;

        _rig.RunUntil(() => _rig.Client.Download!.IsPaused, _rig.Options.StallTimeoutMilliseconds + 2000);
        Assert.True(_rig.Client.Download!.IsPaused);
        Assert.Equal(OtaReason.FromOta(OtaFailure.DownloadStalled), _rig.Reports[^1].Reason);
        int requests = _rig.Requests.Count;
        _rig.RunUntil(() => false, _rig.Options.ResumeAfterMilliseconds / 2);
        Assert.Equal(requests, _rig.Requests.Count);

        _rig.ServeChunks = true;
        Assert.True(_rig.RunUntilReboot(), "the download resumes by itself after the pause");
        Assert.Equal(1, CountAfterUpload(EventTypes.OtaDownloadStalled));
        AssertInstallsNewThenConfirms();
    }

    /// <summary>Runs until the events up to now reached the host, then counts those of <paramref name="type"/>.</summary>
    private int CountAfterUpload(ushort type)
    {
        for (int i = 0; i < 40; i++)
        {
            _rig.Step();
        }

        return _rig.EventsOf(type).Count;
    }

    private void AssertRefused(int reason)
    {
        _rig.Step();
        var report = _rig.Reports[^1];
        Assert.Equal(OtaStage.Refused, report.Stage);
        Assert.Equal(reason, report.Reason);
        Assert.Equal(1, CountAfterUpload(EventTypes.OtaOfferRefused));
        Assert.Equal(EventSeverity.Error, _rig.EventsOf(EventTypes.OtaOfferRefused)[0].Severity);
        Assert.Equal(reason, _rig.EventsOf(EventTypes.OtaOfferRefused)[0].FindField(EventFieldIds.Ota.ResultCode)!.Int32Value);
        Assert.Empty(_rig.Requests);
        Assert.Equal(OtaPhase.Idle, _rig.Client.Phase);
        AssertStillRunsOld();
    }

    private void AssertStillRunsOld()
    {
        _rig.PowerOn();
        Assert.True(_rig.Agent.Decision.MayRunApplication);
        Assert.NotNull(_rig.Agent.Decision.Verified);
        Assert.Equal(Old.Version, _rig.Agent.Decision.Report.Version);
        Assert.False(_rig.Agent.Decision.IsTrial);
        Assert.Equal(BootSlot.None, _rig.Agent.State.Current.TrialSlot);
        Assert.Equal(Old.Counter, _rig.Agent.State.Current.ConfirmedCounter);
    }

    private void AssertInstallsNewThenConfirms()
    {
        _rig.PowerOn();
        Assert.True(_rig.Agent.Decision.IsTrial);
        Assert.Equal(New.Version, _rig.Agent.Decision.Report.Version);
        _rig.RunUntil(() => _rig.Client.Phase == OtaPhase.Idle);
        Assert.Equal(New.Counter, _rig.Agent.State.Current.ConfirmedCounter);
    }
}
