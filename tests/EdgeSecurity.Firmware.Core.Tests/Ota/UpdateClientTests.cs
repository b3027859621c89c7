using EdgeSecurity.Firmware.Core.Agent;
using EdgeSecurity.Firmware.Core.Boot;
using EdgeSecurity.Firmware.Core.Events;
using EdgeSecurity.Firmware.Core.Ota;
using EdgeSecurity.Firmware.Core.Tests.Ota.Support;
using EdgeSecurity.Firmware.Core.Tests.TestSupport;

namespace EdgeSecurity.Firmware.Core.Tests.Ota;

/// <summary>The update client's normal paths: offer → download → verify → trial boot → health check → confirm or roll back.</summary>
public sealed class UpdateClientTests : IDisposable
{
    private static readonly TestRelease Release = new();
    private static readonly TestBundle Old = Release.Bundle(1, 1, seed: 21);
    private static readonly TestBundle New = Release.Bundle(2, 2, seed: 22, sizes: [5000, 3000, 700]);
    private readonly OtaRig _rig = new(Release, Old);

    public void Dispose() => _rig.Dispose();

    [Fact]
    [Trait("Requirement", "SR-OTA-003")]
    [Trait("Requirement", "SR-OTA-007")]
    [Trait("Requirement", "SR-OTA-030")]
    public void An_offered_bundle_is_downloaded_verified_tried_and_confirmed_after_the_host_acknowledges_the_boot()
    {
        _rig.PowerOn();
        _rig.Offer(New, campaign: 7);

        Assert.True(_rig.RunUntilReboot(), string.Join(",", _rig.Stages));
        Assert.Equal([OtaStage.Accepted, OtaStage.Verified, OtaStage.Installed], _rig.Stages.Where(s => s != OtaStage.Downloading));
        Assert.All(_rig.Requests, r => Assert.InRange(r.Count, 1, _rig.Options.MaxChunksInFlight));
        Assert.Equal(OtaPhase.Installed, _rig.Client.Phase);

        _rig.PowerOn();
        Assert.True(_rig.Agent.Decision.IsTrial);
        Assert.Equal(OtaStage.TrialBoot, _rig.Reports[^1].Stage);
        _rig.RunUntil(() => _rig.Client.Phase == OtaPhase.Idle);
        Assert.Equal(TrialOutcome.Confirmed, _rig.Agent.Trial!.Outcome);

        var confirmed = _rig.Last(OtaStage.Confirmed);
        Assert.Equal(7, confirmed.CampaignId);
        Assert.Equal(New.Manifest.BundleId, confirmed.GetBundleId());
        Assert.Equal(New.Counter, _rig.Agent.State.Current.ConfirmedCounter);
        _rig.RunUntil(() => _rig.EventsOf(EventTypes.OtaConfirmed).Count > 0, 5000);
        Assert.Single(_rig.EventsOf(EventTypes.OtaConfirmed));
        _rig.PowerOn();
        Assert.Equal(New.Version, _rig.Agent.Decision.Report.Version);
        Assert.False(_rig.Agent.Decision.IsTrial);
    }

    [Fact]
    [Trait("Requirement", "SR-OTA-007")]
    [Trait("Requirement", "SR-OTA-030")]
    public void A_trial_whose_health_check_fails_is_rolled_back_by_itself_and_reported()
    {
        _rig.PowerOn();
        _rig.Offer(New);
        Assert.True(_rig.RunUntilReboot());
        _rig.ApplicationCheck = new FixedHealthCheck(HealthVerdict.Unhealthy);

        _rig.PowerOn();
        Assert.True(_rig.RunUntilReboot(), "the failed trial must reboot the device");
        _rig.ApplicationCheck = null;
        _rig.PowerOn();

        Assert.Equal(Old.Version, _rig.Agent.Decision.Report.Version);
        Assert.False(_rig.Agent.Decision.IsTrial);
        var rolledBack = _rig.Last(OtaStage.RolledBack);
        Assert.Equal(OtaReason.FromOta(OtaFailure.HealthCheckFailed), rolledBack.Reason);
        Assert.Equal(Old.Counter, _rig.Agent.State.Current.ConfirmedCounter);
        _rig.RunUntil(() => _rig.EventsOf(EventTypes.OtaRolledBack).Count > 0);
        var recorded = Assert.Single(_rig.EventsOf(EventTypes.OtaRolledBack)); // by the supervisor only, not again by the client
        Assert.Contains("rollback", recorded.FindField(EventFieldIds.Ota.Reason)!.StringValue); // the host's rollback alert matches on it
        Assert.Contains("health check failed", recorded.FindField(EventFieldIds.Ota.Reason)!.StringValue);
        Assert.Equal(OtaPhase.Idle, _rig.Client.Phase);
    }

    [Fact]
    [Trait("Requirement", "SR-OTA-007")]
    public void A_trial_whose_boot_report_is_never_acknowledged_is_rolled_back()
    {
        _rig.PowerOn();
        _rig.Offer(New);
        Assert.True(_rig.RunUntilReboot());
        _rig.AcknowledgeEvents = false;

        _rig.PowerOn();
        Assert.True(_rig.RunUntilReboot(_rig.Options.HealthCheckTimeoutMilliseconds + 5000));
        _rig.AcknowledgeEvents = true;
        _rig.PowerOn();

        Assert.Equal(Old.Version, _rig.Agent.Decision.Report.Version);
        Assert.Equal(OtaStage.RolledBack, _rig.Reports[^1].Stage);
    }

    [Fact]
    [Trait("Requirement", "SR-OTA-003")]
    public void Offering_the_running_bundle_reports_it_already_installed()
    {
        _rig.PowerOn();
        _rig.Offer(Old, campaign: 3);
        _rig.Step();

        Assert.Equal(OtaStage.AlreadyInstalled, _rig.Reports[^1].Stage);
        Assert.Equal(3, _rig.Reports[^1].CampaignId);
        Assert.Empty(_rig.Requests);
    }

    [Fact]
    [Trait("Requirement", "SR-OTA-004")]
    public void After_a_reboot_mid_download_only_the_missing_chunks_are_requested()
    {
        _rig.PowerOn();
        _rig.Offer(New);
        _rig.RunUntil(() => _rig.Client.Download?.PresentChunks >= 4);
        int present = _rig.Client.Download!.PresentChunks;
        int requestsBefore = _rig.Requests.Count;

        _rig.PowerOn();
        Assert.Equal(OtaPhase.Downloading, _rig.Client.Phase);
        Assert.Equal(present, _rig.Client.Download!.PresentChunks);
        Assert.True(_rig.RunUntilReboot());

        var afterReboot = _rig.Requests.Skip(requestsBefore).SelectMany(r => Enumerable.Range(0, r.Count).Select(r.GetChunk)).ToList();
        Assert.Equal(_rig.Client.State.ChunksTotal - present, afterReboot.Select(c => (c.ComponentIndex, c.ChunkIndex)).Distinct().Count());
    }

    [Fact]
    [Trait("Requirement", "SR-OTA-004")]
    public void A_network_loss_mid_download_resumes_when_the_link_is_back()
    {
        _rig.PowerOn();
        _rig.Offer(New);
        _rig.RunUntil(() => _rig.Client.Download?.PresentChunks >= 3);
        _rig.Transport.IsConnected = false;
        for (int i = 0; i < 200; i++)
        {
            _rig.Step();
        }

        Assert.False(_rig.Client.Download!.IsPaused);
        _rig.Transport.IsConnected = true;
        Assert.True(_rig.RunUntilReboot());
        Assert.Equal(OtaStage.Installed, _rig.Reports[^1].Stage);
    }
}
