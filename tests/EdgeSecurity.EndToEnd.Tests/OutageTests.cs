using EdgeSecurity.EndToEnd.Tests.Support;
using EdgeSecurity.Firmware.Core.Events;
using EdgeSecurity.Simulator.Faults;
using EdgeSecurity.Simulator.Transport;
using EdgeSecurity.TestSupport;

namespace EdgeSecurity.EndToEnd.Tests;

/// <summary>
/// The simulator's broker-down and host-down faults (--inject, emulated in one device's link while mosquitto
/// and the host keep running for the others), through real mosquitto and the real host, on each database.
/// The outages are a few seconds long; the uploader's ack timeout here is 3 s (EndToEndRun). Killing the
/// real broker and host processes is covered by <see cref="DeliveryTests"/>.
/// </summary>
public abstract class OutageTests(EndToEndFleet fleet, StoreUnderTest store)
{
    [Fact]
    [Trait("Requirement", "SR-EVT-010")]
    [Trait("Requirement", "SR-EVT-012")]
    public async Task Broker_down_for_one_device_disconnects_it_and_loses_and_doubles_nothing()
    {
        await using var run = await EndToEndRun.StartAsync(fleet, store, "broker-down");
        var devices = await run.StartDevicesAsync(2, eventsPerSecond: 20);
        var device = devices["dev-1"];
        var link = (MqttDeviceTransport)device.Link;
        await Task.Delay(TimeSpan.FromSeconds(1));
        var connectionsBefore = link.Connections;
        var brokerConnectionsBefore = run.Broker.Log.ConnectionsFrom("dev-1");
        var brokerDisconnectionsBefore = run.Broker.Log.DisconnectionsOf("dev-1");
        Assert.True(brokerConnectionsBefore > 0, "mosquitto's log shows no connection from dev-1:\n" + run.Broker.Log.Text);

        devices.Schedule(FaultSpec.Parse("broker-down:dev-1:4", TimeSpan.Zero));
        await WaitUntilAsync(() => link.BrokerOutage.IsActive, "the broker outage did not begin");

        // Batches the host was still working on when the connection broke have settled after a second.
        await Task.Delay(TimeSpan.FromSeconds(1));
        var storedEarly = run.Database.EventCount("dev-1");
        var recordedEarly = device.RecordedSequences.Count;
        var waitingEarly = device.Statistics().Unacknowledged;
        while (link.BrokerOutage.Remaining > TimeSpan.FromMilliseconds(500))
        {
            var stats = devices.Statistics();
            Assert.False(stats.Single(s => s.DeviceId == "dev-1").Connected, "dev-1 reported a connection during its broker outage");
            Assert.True(stats.Single(s => s.DeviceId == "dev-2").Connected, "dev-2 lost its connection although only dev-1's broker was down");
            await Task.Delay(200);
        }

        // mosquitto saw dev-1's connection end and accepted none from it since: really disconnected.
        await WaitUntilAsync(() => run.Broker.Log.DisconnectionsOf("dev-1") > brokerDisconnectionsBefore, () => "mosquitto did not see dev-1's connection end:\n" + run.Broker.Log.Text);
        Assert.Equal(brokerConnectionsBefore, run.Broker.Log.ConnectionsFrom("dev-1"));

        // The device kept recording, but nothing of it reached the host while its broker was away.
        Assert.Equal(storedEarly, run.Database.EventCount("dev-1"));
        Assert.True(device.RecordedSequences.Count > recordedEarly, "dev-1 recorded nothing during the outage");
        Assert.True(device.Statistics().Unacknowledged > waitingEarly, "dev-1's unacknowledged count did not rise during the outage");

        await WaitUntilAsync(() => device.Statistics().Connected, "dev-1 did not reconnect after the outage");
        Assert.True(link.Connections > connectionsBefore, "dev-1 reports connected after the outage without a new connection");
        // mosquitto's log is read as it is written: the line of the new connection may come after the CONNACK.
        await WaitUntilAsync(() => run.Broker.Log.ConnectionsFrom("dev-1") > brokerConnectionsBefore, () => "mosquitto accepted no new connection from dev-1 after the outage:\n" + run.Broker.Log.Text);
        await run.DrainAsync();

        run.AssertStoredExactlyWhatWasRecorded();
        Assert.Equal(device.RecordedSequences.Count, run.Database.EventCount("dev-1"));

        // The device tried to reconnect during the outage and recorded the failed attempts (SR-EVT-012): at
        // least the first one, and the run's last count once it was connected again; dev-2 recorded none.
        var failures = run.Database.RawRecords("dev-1", EventTypes.ConnectionFailure)
            .Select(r => EventRecordCodec.Decode(r).FindField(EventFieldIds.Outcome.Count).Int32Value).ToList();
        Assert.True(failures.Count >= 2, $"dev-1 stored {failures.Count} connection-failure events for a 4 s broker outage");
        Assert.Equal(1, failures[0]);
        Assert.Equal(failures.Order(), failures);
        Assert.Equal(0, run.Database.EventCount("dev-2", EventTypes.ConnectionFailure));
    }

    [Fact]
    [Trait("Requirement", "SR-EVT-011")]
    public async Task Host_down_for_one_device_withholds_its_acks_and_its_resends_are_stored_once()
    {
        await using var run = await EndToEndRun.StartAsync(fleet, store, "host-down");
        var devices = await run.StartDevicesAsync(2, eventsPerSecond: 20);
        var device = devices["dev-1"];
        var link = (MqttDeviceTransport)device.Link;
        await Task.Delay(TimeSpan.FromSeconds(1));

        // Longer than the broker outage: the device must resend (3 s ack timeout) while the host is still "down".
        devices.Schedule(FaultSpec.Parse("host-down:dev-1:7", TimeSpan.Zero));
        await WaitUntilAsync(() => link.HostOutage.IsActive, "the host outage did not begin");

        // Acks queued before the outage have been handed over after half a second.
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        var ackedEarly = device.Statistics().AcknowledgedThrough;
        var storedEarly = run.Database.EventCount("dev-1");
        await Task.Delay(TimeSpan.FromSeconds(1));

        // From here on dev-1 records nothing new.
        device.Generating = false;
        await Task.Delay(TimeSpan.FromMilliseconds(200));
        var head = device.Statistics().HeadSequence;
        var recorded = device.RecordedSequences.Count;

        // The host gets and stores everything the device holds, while the device hears no ack.
        await WaitUntilAsync(
            () =>
            {
                Assert.True(device.Statistics().Connected, "dev-1 lost its connection during a host outage");
                return run.Database.EventCount("dev-1") == recorded;
            },
            "the host did not store dev-1's records during the host outage");
        var publishesWhenStored = link.Publishes;
        var during = device.Statistics();
        Assert.True(link.HostOutage.IsActive, "the host outage ended before the host had stored everything: the test proves nothing about resends");
        Assert.True(run.Database.EventCount("dev-1") > storedEarly, "the host stored nothing of dev-1 during the outage");
        Assert.Equal(ackedEarly, during.AcknowledgedThrough);
        Assert.True(during.Unacknowledged > 0, "dev-1 had nothing unacknowledged although its acks were withheld");
        Assert.True(link.AcksWithheld > 0, "no ack was withheld from dev-1");

        await run.DrainAsync();

        // The host already held every record, so what dev-1 published since were resends (duplicates to the
        // host), and their acks are what emptied its journal.
        Assert.Equal(head, device.Statistics().HeadSequence);
        Assert.True(link.Publishes > publishesWhenStored, "dev-1 was acknowledged without resending what the withheld acks covered");
        run.AssertStoredExactlyWhatWasRecorded();
        Assert.Equal(recorded, run.Database.EventCount("dev-1"));
    }

    private static Task WaitUntilAsync(Func<bool> condition, string failure) => WaitUntilAsync(condition, () => failure);

    // The failure message is made when the wait fails, so it shows the state at that moment.
    private static Task WaitUntilAsync(Func<bool> condition, Func<string> failure) =>
        Eventually.HoldsAsync(TimeSpan.FromSeconds(30), condition, failure);
}

[Collection(EndToEndCollection.Name)]
public sealed class OutageOnSqliteTests(EndToEndFleet fleet) : OutageTests(fleet, StoreUnderTest.Sqlite);

[Collection(EndToEndCollection.Name)]
public sealed class OutageOnPostgresTests(EndToEndFleet fleet, PostgresServer postgres) : OutageTests(fleet, StoreUnderTest.Postgres(postgres));
