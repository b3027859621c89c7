using EdgeSecurity.EndToEnd.Tests.Support;
using EdgeSecurity.Firmware.Core.Events;
using EdgeSecurity.TestSupport;

namespace EdgeSecurity.EndToEnd.Tests;

/// <summary>
/// A trust-root rotation and a key revocation reach a simulated fleet end to end (host API, mosquitto with
/// mutual TLS and per-device ACL, devices running the real core): the operator uploads the next root (a root
/// key added, a release key revoked, signed by a threshold of the old and of the new root keys) and rolls it
/// out; afterwards a bundle the revoked key signed is refused by every device, and one signed by the
/// remaining release keys installs everywhere.
/// </summary>
public abstract class OtaTrustRootRotationTests(EndToEndFleet fleet, StoreUnderTest store)
{
    private const int Devices = 10;

    [Fact]
    [Trait("Requirement", "SR-OTA-036")]
    [Trait("Requirement", "SR-OTA-037")]
    [Trait("Requirement", "SR-OTA-HOST-024")]
    public async Task A_root_rotation_revoking_a_release_key_reaches_the_fleet_and_every_device_then_refuses_bundles_that_key_signed()
    {
        var rotation = fleet.Release.Rotation!;
        await using var run = await EndToEndRun.StartAsync(fleet, store, "ota-root-rotation", OtaApi.HostArguments(fleet));
        await run.StartDevicesAsync(Devices);

        // Stored while the key was still trusted (it meets the old root's threshold with a remaining key).
        var revokedKeyBundle = await OtaApi.UploadAsync(run, rotation.RevokedKeyBundle);

        // The rotation: the host accepts it as the successor of its root, every device installs it.
        var version = await OtaApi.UploadRootAsync(run, rotation.TrustRoot);
        Assert.Equal(rotation.Version, version);
        var rootCampaign = await OtaApi.CreateRootCampaignAsync(run, version, ["100%"]);
        var rooted = await OtaApi.WaitForCampaignAsync(run, rootCampaign, c => c.GetProperty("status").GetString() != "running", []);
        Assert.True(rooted.GetProperty("status").GetString() == "completed", OtaApi.Describe(run, rooted));
        Assert.Equal(Devices, rooted.GetProperty("counts").GetProperty("confirmed").GetInt32());
        foreach (var device in run.Devices!.Devices)
        {
            Assert.Equal(version, device.Runtime!.Updates!.TrustRoot.Root.Root.Version);
            Assert.True(await OtaApi.WaitUntilAsync(() => run.Database.EventCount(device.DeviceId, EventTypes.OtaTrustRootInstalled) > 0, TimeSpan.FromSeconds(15)), $"{device.DeviceId}: no trust-root-installed event on the host");
        }

        // The bundle signed with the revoked key: every device refuses the offer, nothing changes on any of them.
        var refusedCampaign = await OtaApi.CreateCampaignAsync(run, revokedKeyBundle, ["100%"], failureThreshold: Devices);
        var refused = await OtaApi.WaitForCampaignAsync(run, refusedCampaign, c => c.GetProperty("status").GetString() != "running", []);
        Assert.True(refused.GetProperty("counts").GetProperty("failed").GetInt32() == Devices, OtaApi.Describe(run, refused));
        var states = await OtaApi.GetJsonAsync(run, $"/api/v1/ota/campaigns/{refusedCampaign}/devices");
        Assert.All(states.EnumerateArray(), d => Assert.Contains("RevokedKey", d.GetProperty("reason").GetString(), StringComparison.Ordinal));
        foreach (var device in run.Devices.Devices)
        {
            var runtime = device.Runtime!;
            Assert.False(runtime.Decision.IsTrial, device.DeviceId);
            Assert.StartsWith("1.", runtime.Decision.Report.Version, StringComparison.Ordinal);
            Assert.Equal(1, runtime.Decision.Report.ConfirmedCounter);
            Assert.True(await OtaApi.WaitUntilAsync(() => run.Database.EventCount(device.DeviceId, EventTypes.OtaOfferRefused) > 0, TimeSpan.FromSeconds(15)), $"{device.DeviceId}: no offer-refused event on the host");
            Assert.True(await OtaApi.WaitUntilAsync(() => run.Database.AlertCount(device.DeviceId, "ota-refused") > 0, TimeSpan.FromSeconds(15)), $"{device.DeviceId}: no ota-refused alert");
        }

        await OtaApi.PostAsync(run, $"/api/v1/ota/campaigns/{refusedCampaign}/abort");

        // A bundle of the remaining keys: accepted by the host under the new root, installed and confirmed everywhere.
        var remaining = await OtaApi.UploadAsync(run, rotation.RemainingKeysBundle);
        var campaign = await OtaApi.CreateCampaignAsync(run, remaining, ["100%"]);
        var done = await OtaApi.WaitForCampaignAsync(run, campaign, c => c.GetProperty("status").GetString() != "running", []);
        Assert.True(done.GetProperty("status").GetString() == "completed", OtaApi.Describe(run, done));
        foreach (var device in run.Devices.Devices)
        {
            var runtime = device.Runtime!;
            Assert.False(runtime.Decision.IsTrial, device.DeviceId);
            Assert.StartsWith("3.", runtime.Decision.Report.Version, StringComparison.Ordinal);
            Assert.Equal(3, runtime.Decision.Report.ConfirmedCounter);
        }
    }
}

[Collection(EndToEndCollection.Name)]
public sealed class OtaTrustRootRotationOnSqliteTests(EndToEndFleet fleet) : OtaTrustRootRotationTests(fleet, StoreUnderTest.Sqlite);

[Collection(EndToEndCollection.Name)]
public sealed class OtaTrustRootRotationOnPostgresTests(EndToEndFleet fleet, PostgresServer postgres) : OtaTrustRootRotationTests(fleet, StoreUnderTest.Postgres(postgres));
