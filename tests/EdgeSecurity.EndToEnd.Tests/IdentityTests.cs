using EdgeSecurity.EndToEnd.Tests.Support;
using EdgeSecurity.Firmware.Core.Events;
using EdgeSecurity.Firmware.Core.Journal;
using EdgeSecurity.Firmware.Core.Topics;
using EdgeSecurity.Firmware.Core.Upload;
using EdgeSecurity.Platform.Crypto;
using EdgeSecurity.Simulator.Provisioning;
using EdgeSecurity.Simulator.Transport;
using EdgeSecurity.TestSupport;

namespace EdgeSecurity.EndToEnd.Tests;

/// <summary>A device cannot speak for another one, and garbage does not stop ingestion, on each database.</summary>
public abstract class IdentityTests(EndToEndFleet fleet, StoreUnderTest store)
{
    [Fact]
    [Trait("Requirement", "SR-EVT-E2E-006")]
    public async Task Device_cannot_publish_into_another_devices_topic_nor_name_it_in_its_own()
    {
        await using var run = await EndToEndRun.StartAsync(fleet, store, "impersonation");
        await using var deviceOne = await ConnectAsync(run, "dev-1");

        // 1. dev-1's certificate, dev-2's topic: the broker's ACL drops it; nothing of it is stored.
        Assert.True(deviceOne.Publish(DeviceTopics.For("dev-2", DeviceTopics.Events), BatchNaming("dev-2", fleet.EventKeyOf("dev-2"))));

        // 2. dev-1's own topic, records naming dev-2: the host rejects them and raises an alert.
        Assert.True(deviceOne.Publish(DeviceTopics.For("dev-1", DeviceTopics.Events), BatchNaming("dev-2", fleet.EventKeyOf("dev-1"))));

        await WaitAsync(() => run.Database.AlertCount("dev-1", "impersonation") > 0, "impersonation alert for dev-1");
        Assert.True(run.Database.RejectionCount("impersonation") >= 1);
        Assert.Equal(0, run.Database.EventCount("dev-2"));
        Assert.Equal(0, run.Database.EventCount("dev-1"));
    }

    [Fact]
    [Trait("Requirement", "SR-EVT-E2E-007")]
    public async Task Malformed_payload_is_rejected_and_ingestion_goes_on()
    {
        await using var run = await EndToEndRun.StartAsync(fleet, store, "malformed");
        await using (var raw = await ConnectAsync(run, "dev-1"))
        {
            Assert.True(raw.Publish(DeviceTopics.For("dev-1", DeviceTopics.Events), [0xFF, 0x00, 0x13, 0x37, 0x42]));
            await WaitAsync(() => run.Database.RejectionCount("malformed-") > 0, "malformed rejection");
        }

        await run.StartDevicesAsync(1);
        await Task.Delay(TimeSpan.FromSeconds(2));
        await run.DrainAsync();
        run.AssertStoredExactlyWhatWasRecorded();
    }

    private static async Task<MqttDeviceTransport> ConnectAsync(EndToEndRun run, string deviceId)
    {
        var link = new MqttDeviceTransport(DevicePackage.Load(Path.Combine(run.Fleet.PackagesDirectory, deviceId)), "127.0.0.1", run.Broker.Port);
        link.Start();
        await WaitAsync(() => link.IsConnected, deviceId + " connected");
        return link;
    }

    /// <summary>A well-formed, correctly MACed batch whose records name <paramref name="namedDevice"/>.</summary>
    private static byte[] BatchNaming(string namedDevice, byte[] key)
    {
        var record = new EventRecord
        {
            DeviceId = namedDevice,
            BootCounter = 1,
            Sequence = 1,
            DeviceTimeUnixMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
            DeviceTimeTrusted = true,
            UptimeMs = 1000,
        };
        var heartbeat = SecurityEvents.Heartbeat(1, 1000, 1, 100, 65536, 0, 0, 0);
        record.EventType = heartbeat.Type;
        record.Severity = heartbeat.Severity;
        record.Priority = heartbeat.Priority;
        record.Fields = heartbeat.Fields;
        var bytes = EventRecordCodec.Encode(record);
        var genesis = EventChain.Genesis();
        var mac = EventChain.ComputeMac(new HmacSha256MacPrimitive(), key, genesis, bytes);
        return EventBatchCodec.Encode(1, [new JournalEntry(1, bytes, mac, genesis)], 1);
    }

    private static Task WaitAsync(Func<bool> condition, string what) =>
        Eventually.HoldsAsync(TimeSpan.FromSeconds(30), condition, () => "timed out waiting for " + what, TimeSpan.FromMilliseconds(100));
}

[Collection(EndToEndCollection.Name)]
public sealed class IdentityOnSqliteTests(EndToEndFleet fleet) : IdentityTests(fleet, StoreUnderTest.Sqlite);

[Collection(EndToEndCollection.Name)]
public sealed class IdentityOnPostgresTests(EndToEndFleet fleet, PostgresServer postgres) : IdentityTests(fleet, StoreUnderTest.Postgres(postgres));
