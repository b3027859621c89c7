using System.Text.Json;
using EdgeSecurity.EndToEnd.Tests.Support;
using EdgeSecurity.TestSupport;

namespace EdgeSecurity.EndToEnd.Tests;

/// <summary>
/// An OTA campaign through the whole system: a signed v2 bundle uploaded through the host API (validated
/// against the fleet trust root), a campaign in three waves over ten simulated devices (the real core) that
/// take offers and chunks over mosquitto (mutual TLS, per-device ACL), install, reboot into a trial, pass the
/// health check (the host acknowledges their boot report) and confirm; the host follows their reports.
/// </summary>
public abstract class OtaCampaignTests(EndToEndFleet fleet, StoreUnderTest store)
{
    private const int Devices = 10;

    [Fact]
    [Trait("Requirement", "SR-OTA-032")]
    public async Task A_campaign_in_three_waves_updates_ten_devices_and_completes_wave_by_wave()
    {
        await using var run = await StartAsync("ota-waves");
        var bundleId = await UploadAsync(run);
        var campaign = await CreateCampaignAsync(run, bundleId);

        var snapshots = new List<JsonElement>();
        var done = await OtaApi.WaitForCampaignAsync(run, campaign, c => c.GetProperty("status").GetString() != "running", snapshots);

        Assert.True(done.GetProperty("status").GetString() == "completed", OtaApi.Describe(run, done));
        var waves = done.GetProperty("waves").EnumerateArray().ToList();
        Assert.Equal([1, 4, 5], waves.Select(w => w.GetProperty("counts").GetProperty("total").GetInt32()));
        Assert.All(waves, w => Assert.Equal(w.GetProperty("counts").GetProperty("total").GetInt32(), w.GetProperty("counts").GetProperty("confirmed").GetInt32()));
        Assert.All(waves, w => Assert.Equal(1.0, w.GetProperty("counts").GetProperty("adoption").GetDouble()));
        Assert.Equal(Devices, done.GetProperty("counts").GetProperty("confirmed").GetInt32());

        // Adoption grew wave by wave: a later wave was never opened before the earlier one had confirmed a device.
        foreach (var snapshot in snapshots)
        {
            var opened = snapshot.GetProperty("waves").EnumerateArray().ToList();
            for (var w = 1; w < opened.Count; w++)
            {
                if (opened[w].GetProperty("opened").GetBoolean())
                {
                    Assert.True(opened[w - 1].GetProperty("counts").GetProperty("confirmed").GetInt32() > 0, $"wave {w + 1} opened before wave {w} confirmed a device");
                }
            }
        }

        Assert.Contains(snapshots, s => s.GetProperty("waves")[0].GetProperty("counts").GetProperty("confirmed").GetInt32() == 1 && !s.GetProperty("waves")[2].GetProperty("opened").GetBoolean());

        // Every device runs v2, confirmed (not a trial), with the anti-rollback counter of v2.
        foreach (var device in run.Devices!.Devices)
        {
            var runtime = device.Runtime!;
            Assert.False(runtime.Decision.IsTrial, device.DeviceId);
            Assert.StartsWith("2.", runtime.Decision.Report.Version, StringComparison.Ordinal);
            Assert.Equal(2, runtime.Decision.Report.ConfirmedCounter);
        }
    }

    [Fact]
    [Trait("Requirement", "SR-OTA-033")]
    public async Task A_device_whose_new_bundle_fails_its_health_check_rolls_back_by_itself_and_pauses_the_campaign()
    {
        await using var run = await StartAsync("ota-health-fail");
        var bundleId = await UploadAsync(run);
        var campaign = await CreateCampaignAsync(run, bundleId);

        // A device of the second wave (not offered yet: wave 1 has to confirm first) fails every trial's health check.
        var devices = await OtaApi.GetJsonAsync(run, $"/api/v1/ota/campaigns/{campaign}/devices");
        var failing = devices.EnumerateArray().First(d => d.GetProperty("wave").GetInt32() == 2).GetProperty("deviceId").GetString()!;
        run.Devices![failing].FailsHealthCheck = true;

        var snapshots = new List<JsonElement>();
        var paused = await OtaApi.WaitForCampaignAsync(run, campaign, c => c.GetProperty("status").GetString() != "running", snapshots);

        Assert.True(paused.GetProperty("status").GetString() == "paused", OtaApi.Describe(run, paused));
        Assert.Equal(1, paused.GetProperty("failures").GetInt32());
        var states = await OtaApi.GetJsonAsync(run, $"/api/v1/ota/campaigns/{campaign}/devices");
        var failed = states.EnumerateArray().Single(d => d.GetProperty("deviceId").GetString() == failing);
        Assert.Equal("rolled-back", failed.GetProperty("state").GetString());
        Assert.Contains("HealthCheckFailed", failed.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, paused.GetProperty("waves")[2].GetProperty("counts").GetProperty("confirmed").GetInt32());

        // The device went back to v1 by itself: confirmed, not a trial, counter unchanged; the host stored its rollback event.
        var runtime = run.Devices[failing].Runtime!;
        Assert.False(runtime.Decision.IsTrial);
        Assert.StartsWith("1.", runtime.Decision.Report.Version, StringComparison.Ordinal);
        Assert.Equal(1, runtime.Decision.Report.ConfirmedCounter);
        Assert.True(await OtaApi.WaitUntilAsync(() => run.Database.EventCount(failing, Firmware.Core.Events.EventTypes.OtaRolledBack) > 0, TimeSpan.FromSeconds(15)), "the rollback event did not reach the host");
    }

    private async Task<EndToEndRun> StartAsync(string name)
    {
        var run = await EndToEndRun.StartAsync(fleet, store, name, OtaApi.HostArguments(fleet));
        await run.StartDevicesAsync(Devices);
        return run;
    }

    private static Task<string> UploadAsync(EndToEndRun run) => OtaApi.UploadAsync(run, run.Fleet.Release.Updates[0]);

    private static Task<long> CreateCampaignAsync(EndToEndRun run, string bundleId) => OtaApi.CreateCampaignAsync(run, bundleId, ["1", "50%", "100%"]);
}

[Collection(EndToEndCollection.Name)]
public sealed class OtaCampaignOnSqliteTests(EndToEndFleet fleet) : OtaCampaignTests(fleet, StoreUnderTest.Sqlite);

[Collection(EndToEndCollection.Name)]
public sealed class OtaCampaignOnPostgresTests(EndToEndFleet fleet, PostgresServer postgres) : OtaCampaignTests(fleet, StoreUnderTest.Postgres(postgres));
