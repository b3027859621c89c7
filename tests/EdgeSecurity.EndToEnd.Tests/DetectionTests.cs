using EdgeSecurity.EndToEnd.Tests.Support;
using EdgeSecurity.Firmware.Core.Events;
using EdgeSecurity.Simulator.Faults;
using EdgeSecurity.TestSupport;

namespace EdgeSecurity.EndToEnd.Tests;

/// <summary>Attacks on a device's flash and identity reach the host as the right alerts, on each database.</summary>
public abstract class DetectionTests(EndToEndFleet fleet, StoreUnderTest store)
{
    [Fact]
    [Trait("Requirement", "SR-EVT-E2E-004")]
    public async Task Changed_application_component_raises_an_integrity_violation_alert()
    {
        await using var run = await EndToEndRun.StartAsync(fleet, store, "integrity");
        var devices = await run.StartDevicesAsync(3);
        devices.Inject("dev-2", "integrity", DeviceFaults.IntegrityViolation());

        await WaitForAlertAsync(run, "dev-2", "integrity-violation");
        Assert.Equal(0, run.Database.AlertCount("dev-1", "integrity-violation"));
        Assert.Equal(1, devices["dev-2"].Statistics().IntegrityFindings);
    }

    [Theory]
    [InlineData(TamperKind.Flip, "chain-break")]
    [InlineData(TamperKind.Delete, "chain-break")]
    [InlineData(TamperKind.Replay, "journal-tamper")]
    [Trait("Requirement", "SR-EVT-E2E-005")]
    public async Task Journal_record_tampered_on_flash_raises_the_matching_alert(TamperKind kind, string rule)
    {
        await using var run = await EndToEndRun.StartAsync(fleet, store, "tamper-" + kind);
        var devices = await run.StartDevicesAsync(1);
        await run.DrainAsync();
        devices.Inject("dev-1", "tamper", DeviceFaults.TamperJournal(kind));

        await WaitForAlertAsync(run, "dev-1", rule);
    }

    [Fact]
    [Trait("Requirement", "SR-EVT-E2E-010")]
    public async Task Journal_record_replayed_on_flash_is_not_stored_again_and_its_cut_is_reported()
    {
        await using var run = await EndToEndRun.StartAsync(fleet, store, "replay");
        var devices = await run.StartDevicesAsync(1);
        await run.DrainAsync();
        devices.Inject("dev-1", "replay", DeviceFaults.TamperJournal(TamperKind.Replay));

        await WaitAsync(run, () => run.Database.EventCount("dev-1", EventTypes.JournalRecovered) > 0, "a journal-recovered event from dev-1");
        await run.DrainAsync();

        var repair = EventRecordCodec.Decode(Assert.Single(run.Database.RawRecords("dev-1", EventTypes.JournalRecovered)));
        Assert.True(repair.FindField(EventFieldIds.Journal.TruncatedBytes).Int32Value > 0, "the device reported no bytes cut");

        // The copy never left the device: nothing doubled, the bait records after it all stored, the chain intact.
        run.AssertEveryRecordStoredOnce();
    }

    private static Task WaitForAlertAsync(EndToEndRun run, string deviceId, string rule) =>
        WaitAsync(run, () => run.Database.AlertCount(deviceId, rule) > 0, $"a '{rule}' alert for {deviceId}");

    private static Task WaitAsync(EndToEndRun run, Func<bool> condition, string what) =>
        Eventually.HoldsAsync(TimeSpan.FromSeconds(20), condition,
            () => $"no {what} on {run.Database.Provider}; alerts: {run.Database.Scalar("select count(*) from alerts")}\n{run.Host.Log[^Math.Min(3000, run.Host.Log.Length)..]}",
            TimeSpan.FromMilliseconds(100));
}

[Collection(EndToEndCollection.Name)]
public sealed class DetectionOnSqliteTests(EndToEndFleet fleet) : DetectionTests(fleet, StoreUnderTest.Sqlite);

[Collection(EndToEndCollection.Name)]
public sealed class DetectionOnPostgresTests(EndToEndFleet fleet, PostgresServer postgres) : DetectionTests(fleet, StoreUnderTest.Postgres(postgres));
