using EdgeSecurity.Firmware.Core.Events;
using EdgeSecurity.Host.Storage.Model;

namespace EdgeSecurity.Host.Tests.Storage;

/// <summary>The fleet overview's counts from one aggregate query equal the health each device's own posture gives.</summary>
public abstract partial class TelemetryStoreContract
{
    private const long SummaryNow = 1_800_000_000_000;
    private const long SilentBefore = SummaryNow - (5 * 60_000);

    [Fact]
    [Trait("Requirement", "SR-WEB-010")]
    public async Task Fleet_summary_counts_each_device_once_under_the_first_health_that_applies()
    {
        // Worked out by hand: revoked wins over everything, compromised (integrity violated or contained) over an
        // alert, a new alert over silence; an acknowledged alert and containment left again count for nothing.
        var fleet = new (string Id, string? Class, string? Version, long? SeenAt, bool Revoked, string Expected)[]
        {
            ("a-healthy", "esp32", "1.0.0", SummaryNow, false, DeviceHealth.Healthy),
            ("b-healthy-ok-check", "esp32", "1.1.0", SummaryNow, false, DeviceHealth.Healthy),
            ("c-violated", "esp32", "1.0.0", SummaryNow, false, DeviceHealth.Compromised),
            ("d-contained", "s3", "1.1.0", null, false, DeviceHealth.Compromised),
            ("e-released", "s3", "1.1.0", SummaryNow, false, DeviceHealth.Healthy),
            ("f-new-alert", "s3", null, SilentBefore - 1, false, DeviceHealth.Attention),
            ("g-acknowledged", null, "1.0.0", SummaryNow, false, DeviceHealth.Healthy),
            ("h-silent", "esp32", "1.0.0", SilentBefore - 1, false, DeviceHealth.Silent),
            ("i-never-seen", "esp32", null, null, false, DeviceHealth.Silent),
            ("j-revoked-violated", "esp32", "1.0.0", SummaryNow, true, DeviceHealth.Revoked),
            ("k-seen-at-threshold", "esp32", "1.0.0", SilentBefore, false, DeviceHealth.Healthy),
            ("l-violated-then-ok", "esp32", "1.0.0", SummaryNow, false, DeviceHealth.Healthy),
        };
        await StoreAsync(
            Reported("b-healthy-ok-check", 1, EventTypes.IntegrityCheck, 0, "{\"1\":0}"),
            Reported("c-violated", 1, EventTypes.IntegrityCheck, 0, "{\"1\":0}"),
            Reported("c-violated", 2, EventTypes.IntegrityCheck, 1, "{\"1\":5,\"3\":\"app\"}"),
            Reported("d-contained", 1, EventTypes.ContainmentEntered, 0, "{}"),
            Reported("e-released", 1, EventTypes.ContainmentEntered, 0, "{}"),
            Reported("e-released", 2, EventTypes.ContainmentLeft, 1, "{}"),
            Reported("j-revoked-violated", 1, EventTypes.IntegrityCheck, 0, "{\"1\":7}"),
            Reported("l-violated-then-ok", 1, EventTypes.IntegrityCheck, 0, "{\"1\":7}"),
            Reported("l-violated-then-ok", 2, EventTypes.IntegrityCheck, 1, "{\"1\":0}"));
        foreach (var d in fleet)
        {
            await Store.UpsertDeviceAsync(
                new DeviceRecord(d.Id, d.Revoked ? DeviceStatus.Revoked : DeviceStatus.Active, d.Class, 10, d.SeenAt, null, d.Version, d.Revoked ? 20 : null), CancellationToken.None);
        }

        await Store.InsertAlertAsync(new AlertRecord("r", "f-new-alert", 3, "t", "d", AlertStatus.New, 1, 1, []), CancellationToken.None);
        await Store.InsertAlertAsync(new AlertRecord("r", "g-acknowledged", 3, "t", "d", AlertStatus.Acknowledged, 1, 1, []), CancellationToken.None);
        await Store.InsertAlertAsync(new AlertRecord("r", "a-healthy", 3, "t", "d", AlertStatus.Resolved, 1, 1, []), CancellationToken.None);

        var summary = await Store.SummarizeFleetAsync(SilentBefore, CancellationToken.None);

        Assert.Equal(fleet.Length, summary.Devices);
        foreach (var health in DeviceHealth.All)
        {
            Assert.Equal(fleet.Count(d => d.Expected == health), summary.ByHealth[health]);
        }

        Assert.Equal(new Dictionary<string, int> { ["1.0.0"] = 7, ["1.1.0"] = 3, [string.Empty] = 2 }, summary.ByVersion);
        Assert.Equal(new Dictionary<string, int> { ["esp32"] = 8, ["s3"] = 3, [string.Empty] = 1 }, summary.ByHardwareClass);

        // The same health from the posture the device list shows, device by device.
        var postures = await Store.ListDevicePosturesAsync(null, CancellationToken.None);
        foreach (var d in fleet)
        {
            var p = postures[d.Id];
            Assert.Equal(d.Expected, DeviceHealth.Of(d.Revoked, p.Integrity == "violated", p.Containment == "contained", d.Id == "f-new-alert", p.LastSeenAtMs >= SilentBefore));
        }
    }

    [Fact]
    [Trait("Requirement", "SR-WEB-010")]
    public async Task Fleet_summary_of_an_empty_fleet_is_all_zero()
    {
        var summary = await Store.SummarizeFleetAsync(SilentBefore, CancellationToken.None);

        Assert.Equal(0, summary.Devices);
        Assert.All(DeviceHealth.All, h => Assert.Equal(0, summary.ByHealth[h]));
        Assert.Empty(summary.ByVersion);
        Assert.Empty(summary.ByHardwareClass);
    }
}
