using EdgeSecurity.Host.Ota.Campaigns;
using FsCheck;
using FsCheck.Fluent;

namespace EdgeSecurity.Host.Tests.Ota;

/// <summary>The campaign state machine alone: scripted scenarios, then random sequences of device reports and
/// operator actions with the invariants checked after every step.</summary>
public sealed class CampaignStateMachineTests
{
    private const long Now = 1_800_000_000_000;

    private static Campaign NewCampaign(int devices, string[] waves, int threshold = 1, MaintenanceWindow? window = null)
    {
        var targets = Enumerable.Range(0, devices).Select(i => ($"d{i:00}", (string?)(i % 3 == 0 ? "class-b" : "class-a"))).ToList();
        var definition = new CampaignDefinition(7, CampaignKind.Bundle, "abc", "test", threshold, window, "op", Now);
        return Campaign.Create(definition, WavePlan.Split(targets, waves));
    }

    private static void Confirm(Campaign campaign, string device)
    {
        Assert.True(campaign.RecordOffer(device, Now).Applied);
        Assert.True(campaign.ApplyReport(device, DeviceOtaState.Confirmed, null, 4, 4, Now).Applied);
    }

    [Fact]
    public void Waves_split_by_cumulative_counts_and_shares()
    {
        var devices = Enumerable.Range(0, 20).ToList();
        var waves = WavePlan.Split(devices, ["1", "10%", "100%"]);
        Assert.Equal([1, 1, 18], waves.Select(w => w.Count));
        Assert.Equal(devices, waves.SelectMany(w => w));
        Assert.Equal([1, 2], WavePlan.Split([1, 2, 3], ["1", "10%", "100%"]).Select(w => w.Count));
        Assert.Contains("100%", Assert.Throws<ArgumentException>(() => WavePlan.Split(devices, ["1", "50%"])).Message, StringComparison.Ordinal);
        Assert.Contains("fewer", Assert.Throws<ArgumentException>(() => WavePlan.Split(devices, ["50%", "1", "100%"])).Message, StringComparison.Ordinal);
        Assert.Contains("share", Assert.Throws<ArgumentException>(() => WavePlan.Split(devices, ["0%"])).Message, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Requirement", "SR-OTA-HOST-010")]
    public void A_wave_advances_only_on_confirmed_healthy_boots_not_on_a_written_image_or_a_reboot()
    {
        var campaign = NewCampaign(4, ["1", "100%"]);
        Assert.Equal(["d00"], campaign.Offerable(Now).Select(d => d.DeviceId));
        Assert.False(campaign.RecordOffer("d01", Now).Applied);

        Assert.True(campaign.RecordOffer("d00", Now).Applied);
        foreach (var state in new[] { DeviceOtaState.Downloading, DeviceOtaState.Verified, DeviceOtaState.Installed, DeviceOtaState.Trial })
        {
            Assert.True(campaign.ApplyReport("d00", state, null, 4, 4, Now).Applied);
            Assert.Equal(0, campaign.CurrentWave);
            Assert.False(campaign.MayOffer("d01", Now));
        }

        Assert.True(campaign.ApplyReport("d00", DeviceOtaState.Confirmed, null, 4, 4, Now).Applied);
        Assert.Equal(1, campaign.CurrentWave);
        Assert.Equal(["d01", "d02", "d03"], campaign.Offerable(Now).Select(d => d.DeviceId));
        foreach (var device in new[] { "d01", "d02", "d03" })
        {
            Confirm(campaign, device);
        }

        Assert.Equal(CampaignStatus.Completed, campaign.Status);
        Assert.Equal(1.0, campaign.Counts().Adoption);
        Assert.Equal(2, campaign.ClassCounts()["class-b"].Confirmed);
    }

    [Fact]
    [Trait("Requirement", "SR-OTA-HOST-011")]
    public void Crossing_the_failure_threshold_pauses_and_a_paused_campaign_offers_nothing()
    {
        var campaign = NewCampaign(6, ["100%"], threshold: 2);
        Assert.True(campaign.RecordOffer("d00", Now).Applied);
        Assert.True(campaign.RecordOffer("d01", Now).Applied);
        Assert.True(campaign.ApplyReport("d00", DeviceOtaState.RolledBack, "health check failed", 4, 4, Now).Applied);
        Assert.Equal(CampaignStatus.Running, campaign.Status);
        Assert.True(campaign.ApplyReport("d01", DeviceOtaState.Failed, "CounterRollback", 0, 4, Now).Applied);

        Assert.Equal(CampaignStatus.Paused, campaign.Status);
        Assert.Contains("failure threshold", campaign.StatusReason, StringComparison.Ordinal);
        Assert.Empty(campaign.Offerable(Now));
        Assert.False(campaign.RecordOffer("d02", Now).Applied);
        Assert.Equal("health check failed", campaign.Device("d00")!.Reason);

        Assert.True(campaign.Resume().Applied);
        Assert.True(campaign.MayOffer("d02", Now));
        Assert.True(campaign.Abort("stop").Applied);
        Assert.False(campaign.Resume().Applied);
        Assert.Empty(campaign.Offerable(Now));
    }

    [Fact]
    public void A_wave_that_ends_without_a_confirmed_device_pauses_and_cannot_be_resumed_into_the_next()
    {
        var campaign = NewCampaign(3, ["1", "100%"], threshold: 5);
        Assert.True(campaign.RecordOffer("d00", Now).Applied);
        Assert.True(campaign.ApplyReport("d00", DeviceOtaState.Failed, "x", 0, 4, Now).Applied);
        Assert.Equal(CampaignStatus.Paused, campaign.Status);
        Assert.Equal(0, campaign.CurrentWave);
        Assert.False(campaign.Resume().Applied);
        Assert.Equal(CampaignStatus.Paused, campaign.Status);
    }

    [Fact]
    public void Reports_from_devices_never_offered_or_already_final_change_nothing()
    {
        var campaign = NewCampaign(3, ["100%"], threshold: 3);
        Assert.False(campaign.ApplyReport("d00", DeviceOtaState.Confirmed, null, 1, 1, Now).Applied);
        Assert.False(campaign.ApplyReport("other", DeviceOtaState.Confirmed, null, 1, 1, Now).Applied);
        Confirm(campaign, "d00");
        Assert.False(campaign.ApplyReport("d00", DeviceOtaState.Failed, "late", 1, 1, Now).Applied);
        Assert.Equal(DeviceOtaState.Confirmed, campaign.Device("d00")!.State);
        Assert.True(campaign.RecordOffer("d01", Now).Applied);
        Assert.False(campaign.ApplyReport("d01", DeviceOtaState.Downloading, null, 5, 4, Now).Applied);
    }

    [Fact]
    [Trait("Requirement", "SR-OTA-039")]
    public void A_replay_refusal_changes_nothing_and_never_counts_towards_the_failure_threshold()
    {
        var campaign = NewCampaign(2, ["100%"], threshold: 1);
        Assert.False(campaign.NoteReplayRefusal("d00").Applied);
        Assert.Contains("never offered", campaign.NoteReplayRefusal("d00").Message, StringComparison.Ordinal);
        Assert.True(campaign.RecordOffer("d00", Now).Applied);
        foreach (var state in new[] { DeviceOtaState.Offered, DeviceOtaState.Downloading, DeviceOtaState.Verified, DeviceOtaState.Installed, DeviceOtaState.Trial })
        {
            if (state != DeviceOtaState.Offered)
            {
                Assert.True(campaign.ApplyReport("d00", state, null, 2, 4, Now).Applied);
            }

            var before = Snapshot(campaign);
            var result = campaign.NoteReplayRefusal("d00");
            Assert.False(result.Applied);
            Assert.Contains("not counted as a failure", result.Message, StringComparison.Ordinal);
            Assert.Equal(before, Snapshot(campaign));
            Assert.Equal(CampaignStatus.Running, campaign.Status);
            Assert.Equal(0, campaign.Failures);
        }

        Assert.False(campaign.NoteReplayRefusal("other").Applied);
    }

    [Fact]
    public void Offers_happen_only_inside_the_daily_window()
    {
        var window = MaintenanceWindow.Parse("02:00-05:00");
        var campaign = NewCampaign(2, ["100%"], window: window);
        var day = Now - (Now % 86_400_000);
        Assert.Empty(campaign.Offerable(day + (60 * 60_000)));
        Assert.False(campaign.RecordOffer("d00", day + (60 * 60_000)).Applied);
        Assert.True(campaign.RecordOffer("d00", day + (3 * 60 * 60_000)).Applied);
        Assert.True(MaintenanceWindow.Parse("22:00-04:00").Contains(day + (23 * 60 * 60_000)));
        Assert.False(MaintenanceWindow.Parse("22:00-04:00").Contains(day + (12 * 60 * 60_000)));
        Assert.Throws<ArgumentException>(() => MaintenanceWindow.Parse("25:00-04:00"));
    }

    private static readonly DeviceOtaState[] Reportable =
    [
        DeviceOtaState.Downloading, DeviceOtaState.Verified, DeviceOtaState.Installed, DeviceOtaState.Trial,
        DeviceOtaState.Confirmed, DeviceOtaState.Confirmed, DeviceOtaState.Failed, DeviceOtaState.RolledBack,
    ];

    [Fact]
    [Trait("Requirement", "SR-OTA-HOST-010")]
    [Trait("Requirement", "SR-OTA-HOST-011")]
    [Trait("Requirement", "SR-OTA-039")]
    public void Random_reports_and_operator_actions_keep_every_invariant_after_every_step()
    {
        var property = Prop.ForAll(
            Gen.Choose(0, (12 * 4 * 3) - 1).ToArbitrary(),
            Gen.ListOf(Gen.Choose(0, int.MaxValue)).ToArbitrary(),
            (shape, steps) =>
            {
                var devices = 1 + (shape % 12);
                var threshold = 1 + (shape / 12 % 4);
                var plan = shape / 48;
                string[][] plans = [["100%"], ["1", "100%"], ["1", "10%", "50%", "100%"]];
                var campaign = NewCampaign(devices, plans[plan], threshold);
                var everAborted = false;
                var everCompleted = false;
                var wave = 0;
                var confirmed = new HashSet<string>();
                var time = Now;
                foreach (var step in steps)
                {
                    time += 1000;
                    var device = $"d{step % (devices + 1):00}"; // one id past the end: not targeted
                    var before = Snapshot(campaign);
                    var result = (step / 13 % 20) switch
                    {
                        0 => campaign.Pause("test"),
                        1 => campaign.Resume(),
                        2 when step % 7 == 0 => campaign.Abort("test"),
                        3 => campaign.NoteReplayRefusal(device),
                        < 9 => campaign.RecordOffer(device, time),
                        _ => campaign.ApplyReport(device, Reportable[step / 263 % Reportable.Length], "r", 1, 2, time),
                    };

                    if (!result.Applied)
                    {
                        Assert.Equal(before, Snapshot(campaign));
                    }

                    CheckInvariants(campaign, time);
                    Assert.True(campaign.CurrentWave >= wave, "the current wave never goes back");
                    wave = campaign.CurrentWave;
                    Assert.False(everAborted && campaign.Status != CampaignStatus.Aborted, "aborted is final");
                    Assert.False(everCompleted && campaign.Status != CampaignStatus.Completed, "completed is final");
                    everAborted |= campaign.Status == CampaignStatus.Aborted;
                    everCompleted |= campaign.Status == CampaignStatus.Completed;
                    Assert.All(confirmed, id => Assert.Equal(DeviceOtaState.Confirmed, campaign.Device(id)!.State));
                    confirmed.UnionWith(campaign.Devices.Where(d => d.State == DeviceOtaState.Confirmed).Select(d => d.DeviceId));
                }

                return true;
            });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(400), property);
    }

    private static string Snapshot(Campaign c) =>
        $"{c.Status}|{c.CurrentWave}|{c.StatusReason}|{c.FailuresAtResume}|" + string.Join(";", c.Devices.Select(d => d.ToString()));

    private static void CheckInvariants(Campaign campaign, long now)
    {
        var counts = campaign.Counts();
        Assert.Equal(campaign.Devices.Count, counts.Pending + counts.Offered + counts.Downloading + counts.Verified + counts.Installed + counts.Trial + counts.Confirmed + counts.Failed + counts.RolledBack);
        Assert.Equal(counts.Total, Enumerable.Range(0, campaign.WaveCount).Sum(w => campaign.WaveCounts(w).Total));
        Assert.Equal(counts.Total, campaign.ClassCounts().Values.Sum(c => c.Total));
        for (var w = 0; w < campaign.CurrentWave; w++)
        {
            var wave = campaign.WaveCounts(w);
            Assert.True(wave.Confirmed >= 1, $"wave {w + 1} was passed without a confirmed device");
            Assert.Equal(wave.Total, wave.Confirmed + wave.Failed + wave.RolledBack);
        }

        Assert.All(campaign.Devices.Where(d => d.Wave > campaign.CurrentWave), d => Assert.True(d.State == DeviceOtaState.Pending && d.Offers == 0, $"{d.DeviceId} of a later wave was offered"));
        if (campaign.Status != CampaignStatus.Running)
        {
            Assert.Empty(campaign.Offerable(now));
            Assert.All(campaign.Devices, d => Assert.False(campaign.MayOffer(d.DeviceId, now)));
        }
        else
        {
            Assert.True(campaign.Failures - campaign.FailuresAtResume < campaign.Definition.FailureThreshold, "running past the failure threshold");
        }

        if (campaign.Status == CampaignStatus.Completed)
        {
            Assert.Equal(campaign.WaveCount - 1, campaign.CurrentWave);
            Assert.All(campaign.Devices, d => Assert.True(d.State.IsFinal()));
        }
    }
}
