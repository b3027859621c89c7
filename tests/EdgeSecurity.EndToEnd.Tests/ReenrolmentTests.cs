using System.Net;
using System.Net.Sockets;
using EdgeSecurity.EndToEnd.Tests.Support;
using EdgeSecurity.Firmware.Core.Events;
using EdgeSecurity.Firmware.Core.Journal;
using EdgeSecurity.Firmware.Core.Topics;
using EdgeSecurity.Firmware.Core.Upload;
using EdgeSecurity.Pki.Provisioning;
using EdgeSecurity.Platform.Crypto;
using EdgeSecurity.Simulator.Device;
using EdgeSecurity.Simulator.Fleet;
using EdgeSecurity.Simulator.Provisioning;
using EdgeSecurity.Simulator.Transport;
using EdgeSecurity.TestSupport;

namespace EdgeSecurity.EndToEnd.Tests;

/// <summary>
/// Re-enrolment with a new event key (a new key epoch, docs/formats/events.md §2.1) end to end: the simulated
/// device runs the real core against the real broker and host, and 'device enroll --force' (the PKI library
/// the CLI calls) replaces its key while old-epoch records still wait in its journal.
/// </summary>
public abstract class ReenrolmentTests(EndToEndFleet fleet, StoreUnderTest store)
{
    private static readonly string[] ChainAnomalyRules = ["chain-gap", "chain-break", "replay"];

    [Fact]
    [Trait("Requirement", "SR-ID-003")]
    public async Task Reenrolment_keeps_old_epoch_records_verifiable_and_a_restarted_journal_is_not_taken_as_duplicates()
    {
        var deviceId = "dev-rk-" + Guid.NewGuid().ToString("N")[..6];
        await using var run = await EndToEndRun.StartAsync(fleet, store, "rekey");
        var packages = Path.Combine(run.Work, "packages");
        var flash = Path.Combine(run.Work, "flash");
        Enrol(deviceId, packages, force: false);
        await WaitAsync(() => RegistryImported(run, deviceId), "the host to import the new device");
        var recorded = new List<long>();

        // Epoch 0: send and drain.
        recorded.AddRange(await RunDeviceAsync(run, packages, flash, run.DevicePort, TimeSpan.FromSeconds(2), drain: true));

        // Still epoch 0, offline: records that are not uploaded before the re-enrolment.
        var pending = await RunDeviceAsync(run, packages, flash, DeadPort(), TimeSpan.FromSeconds(2), drain: false, burst: 20);
        Assert.True(pending.Count >= 20, "old-epoch records wait in the journal");
        recorded.AddRange(pending);

        // Re-enrol with --force (new certificate, new event key: epoch 1), keep the flash.
        Enrol(deviceId, packages, force: true);
        Assert.Equal(1, DevicePackage.Load(Path.Combine(packages, deviceId)).KeyEpoch);
        var epochOne = await RunDeviceAsync(run, packages, flash, run.DevicePort, TimeSpan.FromSeconds(2), drain: true);
        Assert.All(epochOne, s => Assert.True(s > EventRecord.EpochSequenceBand));
        recorded.AddRange(epochOne);
        AssertStoredExactly(run, deviceId, recorded);

        // Re-enrol again and wipe the flash: the journal restarts (epoch 2), nothing is a duplicate.
        Enrol(deviceId, packages, force: true);
        Directory.Delete(flash, recursive: true);
        var epochTwo = await RunDeviceAsync(run, packages, flash, run.DevicePort, TimeSpan.FromSeconds(2), drain: true);
        Assert.All(epochTwo, s => Assert.True(s > 2 * EventRecord.EpochSequenceBand));
        recorded.AddRange(epochTwo);
        AssertStoredExactly(run, deviceId, recorded);
        Assert.Equal(2, EventRecordCodec.Decode(run.Database.RawRecords(deviceId, EventTypes.Heartbeat)[^1]).KeyEpoch);
    }

    [Fact]
    [Trait("Requirement", "SR-ID-002")]
    public async Task A_record_maced_under_the_previous_epochs_key_is_refused()
    {
        var deviceId = "dev-rk-" + Guid.NewGuid().ToString("N")[..6];
        await using var run = await EndToEndRun.StartAsync(fleet, store, "rekey-forged");
        var packages = Path.Combine(run.Work, "packages");
        Enrol(deviceId, packages, force: false);
        var oldKey = File.ReadAllBytes(Path.Combine(packages, deviceId, ProvisioningPackage.EventKeyFile));
        Enrol(deviceId, packages, force: true);
        await WaitAsync(() => RegistryImported(run, deviceId), "the host to import the device");

        // Whoever kept the old key (a leaked provisioning package) claims the new epoch with it.
        await using var link = new MqttDeviceTransport(DevicePackage.Load(Path.Combine(packages, deviceId)), "127.0.0.1", run.DevicePort);
        link.Start();
        await WaitAsync(() => link.IsConnected, deviceId + " connected");
        Assert.True(link.Publish(DeviceTopics.For(deviceId, DeviceTopics.Events), Batch(deviceId, epoch: 1, oldKey)));

        await WaitAsync(() => run.Database.AlertCount(deviceId, "chain-break") > 0, "a chain-break alert");
        Assert.Equal(0, run.Database.EventCount(deviceId));
    }

    private void Enrol(string deviceId, string packages, bool force) => DeviceEnrollment.Enroll(new EnrollmentOptions
    {
        PkiDirectory = fleet.PkiDirectory,
        DeviceIds = [deviceId],
        BrokerHost = "localhost",
        BrokerPort = 8883,
        TrustRootPath = fleet.TrustRootPath,
        HardwareClass = EndToEndFleet.HardwareClass,
        OutputDirectory = packages,
        HeartbeatIntervalSeconds = 1,
        Force = force,
    });

    // The device is in the host's devices table once the host imported the registry that lists it.
    private static bool RegistryImported(EndToEndRun run, string deviceId) =>
        run.Database.Scalar("SELECT COUNT(*) FROM devices WHERE device_id = @d", ("@d", deviceId)) > 0;

    /// <summary>Powers the device on from its flash with the package now in <paramref name="packages"/>, lets it run, optionally drains, powers it off.</summary>
    private async Task<List<long>> RunDeviceAsync(EndToEndRun run, string packages, string flash, int port, TimeSpan runFor, bool drain, int burst = 0)
    {
        await using var devices = SimulatedFleet.Start(new FleetOptions
        {
            PackagesDirectory = packages,
            FlashDirectory = flash,
            Devices = 1,
            Bundle = fleet.Release.Bundle,
            BrokerAddress = "127.0.0.1",
            BrokerPort = port,
            Device = new DeviceSettings
            {
                TrackSequences = true,
                HeartbeatInterval = TimeSpan.FromSeconds(1),
                Uploader = () => new UploaderOptions { AckTimeoutMs = 3000 },
                Journal = () => new JournalOptions(),
            },
            StepInterval = TimeSpan.FromMilliseconds(20),
        });
        if (drain)
        {
            Assert.True(await devices.WaitUntilConnectedAsync(TimeSpan.FromSeconds(60)), "device did not connect:\n" + EndToEndRun.Tail(run.Host.Log));
        }

        if (burst > 0)
        {
            devices.Inject(devices.Devices[0].DeviceId, "burst", d => d.RecordBurst(burst));
        }

        await Task.Delay(runFor);
        if (drain)
        {
            devices.SetGenerating(false);
            Assert.True(
                await devices.WaitUntilDrainedAsync(TimeSpan.FromSeconds(60)),
                "not everything was acknowledged: " + string.Join(", ", devices.Statistics().Select(s => $"waiting {s.Unacknowledged} acked through {s.AcknowledgedThrough} head {s.HeadSequence}")) + "\n" + EndToEndRun.Tail(run.Host.Log));
        }
        else
        {
            Assert.False(devices.Devices[0].Statistics().Connected, "the device was meant to stay offline");
        }

        devices.SetGenerating(false);
        var sequences = devices.Devices[0].RecordedSequences.ToList();
        return sequences;
    }

    private static void AssertStoredExactly(EndToEndRun run, string deviceId, List<long> recorded)
    {
        var stored = run.Database.Sequences(deviceId);
        var doubled = stored.GroupBy(s => s).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(doubled.Count == 0, "stored more than once: " + string.Join(", ", doubled.Take(10)));
        var missing = recorded.Except(stored).ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} of {recorded.Count} recorded record(s) not stored: {string.Join(", ", missing.Take(10))}\n{EndToEndRun.Tail(run.Host.Log)}");
        var extra = stored.Except(recorded).ToList();
        Assert.True(extra.Count == 0, "stored record(s) the device never recorded: " + string.Join(", ", extra.Take(10)));
        foreach (var rule in ChainAnomalyRules)
        {
            Assert.True(run.Database.AlertCount(deviceId, rule) == 0, $"unexpected '{rule}' alert\n{EndToEndRun.Tail(run.Host.Log)}");
        }
    }

    /// <summary>A well-formed batch of one heartbeat naming <paramref name="epoch"/>, MAC'd with <paramref name="key"/>.</summary>
    private static byte[] Batch(string deviceId, ushort epoch, byte[] key)
    {
        var heartbeat = SecurityEvents.Heartbeat(1, 1000, 1, 100, 65536, 0, 0, 0);
        var record = new EventRecord
        {
            DeviceId = deviceId,
            KeyEpoch = epoch,
            BootCounter = 1,
            Sequence = (epoch * EventRecord.EpochSequenceBand) + 1,
            DeviceTimeUnixMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
            DeviceTimeTrusted = true,
            UptimeMs = 1000,
            EventType = heartbeat.Type,
            Severity = heartbeat.Severity,
            Priority = heartbeat.Priority,
            Fields = heartbeat.Fields,
        };
        var bytes = EventRecordCodec.Encode(record);
        var genesis = EventChain.Genesis();
        var mac = EventChain.ComputeMac(new HmacSha256MacPrimitive(), key, genesis, bytes);
        return EventBatchCodec.Encode(1, [new JournalEntry(record.Sequence, bytes, mac, genesis)], 1);
    }

    /// <summary>A local port nothing listens on: the device stays offline and keeps its records.</summary>
    private static int DeadPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static Task WaitAsync(Func<bool> condition, string what) =>
        Eventually.HoldsAsync(TimeSpan.FromSeconds(30), condition, () => "timed out waiting for " + what, TimeSpan.FromMilliseconds(100));
}

[Collection(EndToEndCollection.Name)]
public sealed class ReenrolmentOnSqliteTests(EndToEndFleet fleet) : ReenrolmentTests(fleet, StoreUnderTest.Sqlite);

[Collection(EndToEndCollection.Name)]
public sealed class ReenrolmentOnPostgresTests(EndToEndFleet fleet, PostgresServer postgres) : ReenrolmentTests(fleet, StoreUnderTest.Postgres(postgres));
