using System.Diagnostics;
using EdgeSecurity.EndToEnd.Tests.Support;
using EdgeSecurity.Firmware.HostPlatform.Storage;
using EdgeSecurity.TestSupport;

namespace EdgeSecurity.EndToEnd.Tests;

/// <summary>Power cuts at each flash write of a burst, with uploads running, through to the host, on each database.</summary>
public abstract class PowerCutTests(EndToEndFleet fleet, StoreUnderTest store)
{
    private const int Writes = 24;

    [Fact]
    [Trait("Requirement", "SR-EVT-E2E-008")]
    public async Task Power_cut_at_every_write_during_a_burst_loses_no_durable_record()
    {
        await using var run = await EndToEndRun.StartAsync(fleet, store, "power-cut");
        var devices = await run.StartDevicesAsync(1, eventsPerSecond: 10);
        var device = devices["dev-1"];
        for (var write = 1; write <= Writes; write++)
        {
            var cutsBefore = device.Statistics().PowerCuts;
            var plan = new PowerCutPlan(write, TornFraction: 0.5);
            device.Inject(d =>
            {
                d.PowerOn(plan);
                d.RecordBurst(10);
            });

            var waited = Stopwatch.StartNew();
            while (device.Statistics().PowerCuts == cutsBefore && waited.Elapsed < TimeSpan.FromSeconds(10))
            {
                await Task.Delay(20);
            }

            Assert.True(device.Statistics().PowerCuts > cutsBefore, $"the power cut at write {write} never happened");
        }

        await run.DrainAsync(TimeSpan.FromSeconds(90));

        // Every record whose Record() returned (durable) is stored once; no unexplained gap, no broken chain.
        // A record cut before its Record() returned may still arrive (it reached flash): that is allowed.
        run.AssertEveryRecordStoredOnce();
        Assert.Equal(Writes, device.Statistics().PowerCuts);
    }
}

[Collection(EndToEndCollection.Name)]
public sealed class PowerCutOnSqliteTests(EndToEndFleet fleet) : PowerCutTests(fleet, StoreUnderTest.Sqlite);

[Collection(EndToEndCollection.Name)]
public sealed class PowerCutOnPostgresTests(EndToEndFleet fleet, PostgresServer postgres) : PowerCutTests(fleet, StoreUnderTest.Postgres(postgres));
