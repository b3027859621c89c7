using EdgeSecurity.EndToEnd.Tests.Support;

namespace EdgeSecurity.EndToEnd.Tests;

/// <summary>Events from simulated devices (real core) through real mosquitto (mutual TLS) into the real host (SQLite).</summary>
[Collection(EndToEndCollection.Name)]
public sealed class DeliveryTests(EndToEndFleet fleet)
{
    [Fact]
    [Trait("Requirement", "SR-EVT-E2E-001")]
    public async Task Three_devices_every_event_arrives_exactly_once()
    {
        await using var run = await EndToEndRun.StartAsync(fleet, "exactly-once");
        await run.StartDevicesAsync(3, eventsPerSecond: 20);
        await Task.Delay(TimeSpan.FromSeconds(4));
        await run.DrainAsync();

        run.AssertEveryRecordStoredOnce();
        foreach (var device in run.Devices!.Devices)
        {
            // Nothing more than what the device recorded reached the host (no extra or doubled records).
            Assert.Equal(device.RecordedSequences.Count, HostDatabase.EventCount(run.Host.DatabasePath, device.DeviceId));
        }
    }

    [Fact]
    [Trait("Requirement", "SR-EVT-E2E-002")]
    public async Task Broker_crash_mid_stream_loses_nothing()
    {
        await using var run = await EndToEndRun.StartAsync(fleet, "broker-crash");
        await run.StartDevicesAsync(3, eventsPerSecond: 20);
        await Task.Delay(TimeSpan.FromSeconds(2));

        await run.Broker.CrashAndWaitForRestartAsync();
        await Task.Delay(TimeSpan.FromSeconds(3));
        await run.DrainAsync(TimeSpan.FromSeconds(90));

        run.AssertEveryRecordStoredOnce();
    }

    [Fact]
    [Trait("Requirement", "SR-EVT-E2E-003")]
    public async Task Host_killed_mid_batch_and_restarted_loses_and_doubles_nothing()
    {
        await using var run = await EndToEndRun.StartAsync(fleet, "host-kill");
        await run.StartDevicesAsync(3, eventsPerSecond: 50);
        await Task.Delay(TimeSpan.FromSeconds(2));

        await run.Host.KillAsync();
        await Task.Delay(TimeSpan.FromSeconds(2));
        await run.Host.StartAsync();
        await Task.Delay(TimeSpan.FromSeconds(2));
        await run.DrainAsync(TimeSpan.FromSeconds(90));

        run.AssertEveryRecordStoredOnce();
        foreach (var device in run.Devices!.Devices)
        {
            Assert.Equal(device.RecordedSequences.Count, HostDatabase.EventCount(run.Host.DatabasePath, device.DeviceId));
        }
    }
}
