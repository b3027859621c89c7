using EdgeSecurity.EndToEnd.Tests.Support;
using EdgeSecurity.Firmware.Core.Events;
using EdgeSecurity.TestSupport;
using Xunit.Abstractions;

namespace EdgeSecurity.EndToEnd.Tests;

/// <summary>
/// The host with its embedded broker, killed with SIGKILL at random moments while simulated devices
/// upload: no shutdown code runs, so its mosquitto is left running. Some restarts are killed again during
/// their own start-up (while stopping the orphaned broker, migrating, starting a broker, importing the
/// registry). Each final restart must come up by itself (on the same device port), the devices reconnect,
/// and nothing is lost or stored twice, on SQLite and on PostgreSQL. Outages here can outlast a device's
/// journal: then the telemetry it dropped and reported (and only that) is missing, as designed.
/// </summary>
public abstract class HostCrashTests(EndToEndFleet fleet, StoreUnderTest store, ITestOutputHelper output)
{
    [Fact]
    [Trait("Requirement", "SR-BRK-012")]
    public Task A_host_killed_with_sigkill_at_random_points_comes_back_by_itself_and_loses_and_doubles_nothing() =>
        CrashAndCheckAsync(killRestarts: false);

    [Fact]
    [Trait("Requirement", "SR-BRK-012")]
    public Task A_host_killed_also_during_its_own_restart_comes_back_by_itself_and_loses_and_doubles_nothing() =>
        CrashAndCheckAsync(killRestarts: true);

    private async Task CrashAndCheckAsync(bool killRestarts)
    {
        int seed = Environment.TickCount;
        output.WriteLine($"seed {seed}");
        var random = new Random(seed);
        await using var run = await EndToEndRun.StartWithEmbeddedBrokerAsync(fleet, store, "host-sigkill");
        var devices = await run.StartDevicesAsync(3, eventsPerSecond: 30);
        for (int crash = 0; crash < (killRestarts ? 4 : 3); crash++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(random.Next(300, 2500)));
            await run.Host.KillAsync();
            await Task.Delay(TimeSpan.FromMilliseconds(random.Next(0, 1500)));
            if (killRestarts && crash % 2 == 1)
            {
                // A crash of the restart itself, at a random point of its start-up.
                var after = TimeSpan.FromMilliseconds(random.Next(100, 4000));
                output.WriteLine($"restart {crash + 1} killed {after.TotalMilliseconds} ms into its start-up");
                await run.Host.StartAndKillAsync(after);
            }

            await run.Host.StartAsync();
            Assert.True(await devices.WaitUntilConnectedAsync(TimeSpan.FromSeconds(60)), "devices did not reconnect after restart " + (crash + 1) + ":\n" + run.Host.Log);
        }

        await Task.Delay(TimeSpan.FromSeconds(1));
        await run.DrainAsync(TimeSpan.FromSeconds(90));
        // Outages here can outlast the journal: telemetry the device dropped and reported is the only loss.
        run.AssertEveryRecordStoredOnceOrReportedDropped();
        foreach (var device in devices.Devices)
        {
            output.WriteLine($"{device.DeviceId}: {device.RecordedSequences.Count} recorded, {run.Database.Sequences(device.DeviceId).Count} stored, {run.Database.RawRecords(device.DeviceId, EventTypes.RecordsDropped).Count} drop report(s)");
        }

        // Beyond what the simulator recorded, a device's journal holds only what the device recorded by
        // itself while the broker was down with the host: its failed connection attempts (SR-EVT-012) and
        // the journal's fill-level warning as unacknowledged records piled up.
        foreach (var device in devices.Devices)
        {
            var recordedByItself = new[] { EventTypes.ConnectionFailure, EventTypes.JournalThresholdReached }
                .SelectMany(type => run.Database.RawRecords(device.DeviceId, type))
                .Select(r => EventRecordCodec.Decode(r).Sequence);
            var extra = run.Database.Sequences(device.DeviceId).Except(device.RecordedSequences).Except(recordedByItself).ToList();
            Assert.True(extra.Count == 0, $"{device.DeviceId}: stored record(s) the device never recorded: {string.Join(", ", extra.Take(10).Select(seq => $"{seq} (type {run.Database.Scalar("select type from events where device_id = @d and seq = @s", ("@d", device.DeviceId), ("@s", seq))})"))}");
        }
    }
}

[Collection(EndToEndCollection.Name)]
public sealed class HostCrashOnSqliteTests(EndToEndFleet fleet, ITestOutputHelper output) : HostCrashTests(fleet, StoreUnderTest.Sqlite, output);

[Collection(EndToEndCollection.Name)]
public sealed class HostCrashOnPostgresTests(EndToEndFleet fleet, PostgresServer postgres, ITestOutputHelper output) : HostCrashTests(fleet, StoreUnderTest.Postgres(postgres), output);
