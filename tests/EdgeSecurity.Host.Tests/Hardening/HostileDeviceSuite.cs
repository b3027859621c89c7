using EdgeSecurity.Firmware.Core.Attestation;
using EdgeSecurity.Firmware.Core.Topics;
using EdgeSecurity.Firmware.Core.Upload;
using EdgeSecurity.Host.Alerts;
using EdgeSecurity.Host.Configuration;
using EdgeSecurity.Host.Hosting;
using EdgeSecurity.Host.Ingest;
using EdgeSecurity.Host.Storage;
using EdgeSecurity.Host.Storage.Model;
using EdgeSecurity.Host.Tests.Support;
using EdgeSecurity.Platform.Crypto;
using EdgeSecurity.TestSupport.Mqtt;
using Microsoft.Extensions.DependencyInjection;

namespace EdgeSecurity.Host.Tests.Hardening;

/// <summary>
/// An enrolled device turned hostile, played by mosquitto_pub / mosquitto_sub with the device's own
/// certificate against a real host on a broker engine: whatever it does, the rest of the fleet keeps
/// delivering and the host keeps receiving. Each engine runs every attack (a concrete class per engine:
/// <see cref="HostileDeviceTests"/> on the embedded mosquitto, <see cref="ClusterHostileDeviceTests"/> on a
/// 3-node RabbitMQ cluster); where the engines answer an attack differently (mosquitto grants a foreign
/// subscription and delivers nothing, RabbitMQ refuses it) the engine says which answer it gives and the
/// test holds it to that. New attacks on the fleet belong here.
/// </summary>
public abstract class HostileDeviceSuite(TestFleet fleet)
{
    protected TestFleet Fleet => fleet;

    /// <summary>True when the engine refuses a subscription outside the device's own topics (RabbitMQ); false when it grants it and delivers nothing (mosquitto's ACL).</summary>
    protected abstract bool RefusesForeignSubscriptions { get; }

    /// <summary>True when the engine refuses a connection whose client id is not the certificate identity (RabbitMQ); false when it replaces the id with the identity (mosquitto).</summary>
    protected abstract bool RefusesForeignClientIds { get; }

    /// <summary>A device of the fleet this engine's run revokes (one per engine: the fleet is shared).</summary>
    protected abstract string DeviceToRevoke { get; }

    /// <summary>Starts a real host with a fresh database on the engine under test.</summary>
    protected abstract Task<HostUnderAttack> StartHostAsync();

    [Fact]
    [Trait("Requirement", "SR-BRK-009")]
    public async Task Devices_joining_the_hosts_shared_subscription_group_take_no_message_from_it()
    {
        await using var target = await StartHostAsync();
        var thieves = new List<MqttSubscriber>();
        int refused = 0;
        try
        {
            // Nine devices join the host's group under the documented default name and under the name of
            // this host's group, and subscribe to every device's events, each with its own certificate:
            // mosquitto would hand them nine tenths of the host's messages, and drop every one of them at the
            // read check; on a cluster the same filters would bind a queue of their own to the events.
            var attempts = await Task.WhenAll(TestFleet.LoadDeviceIds.Take(9).Select(thief => TrySubscribeAsync(
                target.Attacker,
                Identity(thief),
                DeviceTopics.SharedAllDevices(DeviceTopics.DefaultShareGroup, DeviceTopics.Events),
                "$share/" + DeviceTopics.DefaultShareGroup + "/#",
                DeviceTopics.AllDevices(DeviceTopics.Events))));
            foreach (var subscriber in attempts)
            {
                if (subscriber is null)
                {
                    refused++;
                }
                else
                {
                    thieves.Add(subscriber);
                }
            }

            Assert.Equal(RefusesForeignSubscriptions ? 9 : 0, refused);
            const int messageCount = 40;
            long before = await target.Store.CountRejectionsAsync(null, CancellationToken.None);
            var garbage = Enumerable.Range(0, messageCount).Select(i => $"not-an-event-batch-{i}");
            Assert.Equal(0, await MosquittoClients.PublishLinesAsync(target.Attacker, Identity("dev-a"), DeviceTopics.For("dev-a", DeviceTopics.Events), garbage, clientId: "dev-a"));

            // Every message reaches the host (each is a malformed batch, counted once as rejected).
            long received = 0;
            for (var waited = TimeSpan.Zero; waited < TimeSpan.FromSeconds(15) && received < messageCount; waited += TimeSpan.FromMilliseconds(100))
            {
                await Task.Delay(100);
                received = await target.Store.CountRejectionsAsync(null, CancellationToken.None) - before;
            }

            Assert.Equal(messageCount, received);
            Assert.All(thieves, t => Assert.Empty(t.Messages));
        }
        finally
        {
            foreach (var thief in thieves)
            {
                await thief.DisposeAsync();
            }
        }
    }

    [Fact]
    [Trait("Requirement", "SR-EVT-HOST-014")]
    public async Task A_flood_of_malformed_batches_is_stored_as_a_few_counted_rows_and_raises_one_alert()
    {
        await using var target = await StartHostAsync();
        var store = target.Store;
        await using var neighbour = await UploadingDevice.ConnectAsync(fleet, "dev-b", target.NeighbourPort);

        // dev-a floods its own event topic with garbage while dev-b keeps uploading.
        const int floodSize = 3000;
        var flood = MosquittoClients.PublishLinesAsync(target.Attacker, Identity("dev-a"), DeviceTopics.For("dev-a", DeviceTopics.Events), Enumerable.Range(0, floodSize).Select(i => $"garbage-{i}"), clientId: "dev-a");
        neighbour.RecordHeartbeats(20);
        Assert.True(await neighbour.UploadAllAsync(TimeSpan.FromSeconds(60)), "dev-b's events were not all acknowledged during the flood");
        Assert.Equal(0, await flood);

        // Every rejected message is counted...
        long counted = 0;
        for (var waited = TimeSpan.Zero; waited < TimeSpan.FromSeconds(40) && counted < floodSize; waited += TimeSpan.FromMilliseconds(200))
        {
            await Task.Delay(200);
            counted = await store.CountRejectionsAsync(null, CancellationToken.None);
        }

        Assert.Equal(floodSize, counted);

        // ...in a handful of rows (one per device, reason and window), not one row per message.
        long rows = await target.RejectionRowsAsync("dev-a");
        Assert.InRange(rows, 1, 10);

        // The flood raised the rejection-flood alert for dev-a, once; dev-b raised nothing.
        var alerts = await store.QueryAlertsAsync(new AlertQuery(DeviceId: "dev-a"), CancellationToken.None);
        Assert.Equal([DefaultAlertRules.RejectionFlood], alerts.Items.Select(a => a.Rule));
        Assert.Empty((await store.QueryAlertsAsync(new AlertQuery(DeviceId: "dev-b"), CancellationToken.None)).Items);
    }

    [Fact]
    [Trait("Requirement", "SR-ATT-013")]
    public async Task A_flood_of_forged_and_replayed_attestation_answers_is_counted_in_a_few_rows_and_raises_one_alert_per_reason()
    {
        await using var target = await StartHostAsync();
        var store = target.Store;
        await using var neighbour = await UploadingDevice.ConnectAsync(fleet, "dev-b", target.NeighbourPort);
        string work = Directory.CreateDirectory(Path.Combine(fleet.Root, "attestation-flood-" + Guid.NewGuid().ToString("N")[..8])).FullName;
        var evidence = new AttestationEvidence
        {
            BootCount = 1,
            BootMode = 1,
            RunningSlot = 1,
            BundleDigest = new byte[AttestationEvidence.BundleDigestBytes],
            JournalHeadMac = new byte[AttestationEvidence.HeadMacBytes],
        };

        // dev-a answers challenges that never came: an answer MACed with its own event key over a nonce the host never
        // issued (authentic, replayed), and one MACed with a wrong key (forged); each published thousands of times.
        var answer = new AttestationAnswer(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16), "dev-a", 0, evidence);
        string replayed = Path.Combine(work, "replayed.bin");
        string forged = Path.Combine(work, "forged.bin");
        await File.WriteAllBytesAsync(replayed, AttestationAnswerCodec.Encode(new HmacSha256MacPrimitive(), fleet.EventKey("dev-a"), answer));
        await File.WriteAllBytesAsync(forged, AttestationAnswerCodec.Encode(new HmacSha256MacPrimitive(), new byte[32], answer));
        const int floodSize = 1500;
        string topic = DeviceTopics.For("dev-a", DeviceTopics.CommandResults);
        neighbour.RecordHeartbeats(20);
        var upload = neighbour.UploadAllAsync(TimeSpan.FromSeconds(90));
        var flooding = System.Diagnostics.Stopwatch.StartNew();
        Assert.Equal(0, await MosquittoClients.PublishFileRepeatedAsync(target.Attacker, Identity("dev-a"), topic, forged, floodSize, clientId: "dev-a"));
        Assert.Equal(0, await MosquittoClients.PublishFileRepeatedAsync(target.Attacker, Identity("dev-a"), topic, replayed, floodSize, clientId: "dev-a"));
        Assert.True(await upload, "dev-b's events were not all acknowledged during the flood");

        // Every answer is counted under its reason (the last window's count is written when the window ends)...
        string invalidReason = RejectionReasons.Attestation(AttestationProblem.Invalid);
        string replayedReason = RejectionReasons.Attestation(AttestationProblem.Replayed);
        (long Invalid, long Replayed) counted = (0, 0);
        for (var waited = TimeSpan.Zero; waited < TimeSpan.FromSeconds(60) && counted != (floodSize, floodSize); waited += TimeSpan.FromMilliseconds(200))
        {
            await Task.Delay(200);
            counted = (await store.CountRejectionsAsync(invalidReason, CancellationToken.None), await store.CountRejectionsAsync(replayedReason, CancellationToken.None));
        }

        Assert.Equal((floodSize, floodSize), counted);

        // ...in a handful of rows: per reason and window at most two (the first at once, then one with the window's
        // count), however long a loaded machine took for the flood.
        long windows = (long)Math.Ceiling(flooding.Elapsed / target.Options.Ingest.RejectionWindow) + 1;
        Assert.InRange(await target.RejectionRowsAsync("dev-a"), 2, 2 * 2 * windows);
        Assert.True(2 * 2 * windows < floodSize / 10, $"the flood took too long ({flooding.Elapsed}) to tell aggregated rows from one row per answer");

        // One alert per reason, and the rejection flood once; dev-a proved nothing, dev-b raised nothing and lost nothing.
        var alerts = (await store.QueryAlertsAsync(new AlertQuery(DeviceId: "dev-a"), CancellationToken.None)).Items;
        Assert.Equal(
            new[] { DefaultAlertRules.AttestationInvalid, DefaultAlertRules.AttestationReplayed, DefaultAlertRules.RejectionFlood }.Order(),
            alerts.Select(a => a.Rule).Order());
        var posture = (await store.Attestation.ListAsync("dev-a", CancellationToken.None))["dev-a"];
        Assert.Null(posture.LastAttestedAtMs);
        Assert.Equal(AttestationStates.Failed, posture.State);
        Assert.Empty((await store.QueryAlertsAsync(new AlertQuery(DeviceId: "dev-b"), CancellationToken.None)).Items);
        Assert.Equal(neighbour.Journal.HeadSequence, (await store.GetChainHeadAsync("dev-b", CancellationToken.None))!.Sequence);
    }

    [Fact]
    [Trait("Requirement", "SR-BRK-003")]
    [Trait("Requirement", "SR-BRK-008")]
    public async Task Oversized_packets_and_subscriptions_to_the_fleets_topics_get_a_device_nothing_and_cost_the_others_nothing()
    {
        await using var target = await StartHostAsync();
        await using var neighbour = await UploadingDevice.ConnectAsync(fleet, "dev-b", target.NeighbourPort);

        // dev-a listens to everything it might hope to read: other devices' reports and acknowledgements.
        await using var eavesdropper = await TrySubscribeAsync(
            target.Attacker,
            Identity("dev-a"),
            "es/v1/d/#",
            DeviceTopics.AllDevices(DeviceTopics.Events),
            DeviceTopics.For("dev-b", DeviceTopics.Acks),
            "$share/eavesdrop/es/v1/d/+/ack",
            "#");
        Assert.Equal(RefusesForeignSubscriptions, eavesdropper is null);

        // and publishes a packet larger than the fleet's limit (1 MiB): no PUBACK (mosquitto also closes the
        // connection); that it never reached the host is checked with the rejections below.
        string oversized = Path.Combine(fleet.Root, "oversized-" + Guid.NewGuid().ToString("N")[..8]);
        await File.WriteAllBytesAsync(oversized, new byte[2 * 1024 * 1024]);
        var attempt = await MosquittoClients.AttemptPublishFileAsync(target.Attacker, Identity("dev-a"), DeviceTopics.For("dev-a", DeviceTopics.Events), oversized, "dev-a", TimeSpan.FromSeconds(5));
        Assert.True(attempt.Refused, "the oversized publish was not refused: " + attempt.Output);

        neighbour.RecordHeartbeats(10);
        Assert.True(await neighbour.UploadAllAsync(TimeSpan.FromSeconds(30)), "dev-b's events were not all acknowledged");
        Assert.True(eavesdropper is null || eavesdropper.Messages.Count == 0, "dev-a read the fleet's messages: " + string.Join(" | ", eavesdropper?.Messages ?? []));
        Assert.Equal(0, await target.Store.CountRejectionsAsync(null, CancellationToken.None));
    }

    [Fact]
    [Trait("Requirement", "SR-BRK-010")]
    public async Task A_device_cannot_take_over_another_devices_or_the_hosts_client_id()
    {
        await using var target = await StartHostAsync();
        using var http = new HttpClient { BaseAddress = target.Host.BaseAddress };
        await using var victim = await MqttSubscriber.StartWithClientIdAsync(target.Attacker, Identity("dev-b"), "dev-b", DeviceTopics.For("dev-b", DeviceTopics.Commands));

        // dev-a, with its own certificate, connects under the victim's client id and under the host's.
        await using var asVictim = await TryConnectWithClientIdAsync(target.Attacker, Identity("dev-a"), "dev-b");
        await using var asHost = await TryConnectWithClientIdAsync(target.Attacker, Identity("dev-a"), target.Options.Ingest.ClientId);
        Assert.Equal(RefusesForeignClientIds, asVictim is null);
        Assert.Equal(RefusesForeignClientIds, asHost is null);
        for (int i = 0; i < 30; i++)
        {
            using var health = await http.GetAsync(new Uri("/health", UriKind.Relative));
            Assert.Equal(System.Net.HttpStatusCode.OK, health.StatusCode);
            await Task.Delay(100);
        }

        Assert.False(victim.Exited.IsCompleted, victim.Output);
        Assert.True(victim.Connects == 1, "the real dev-b was disconnected: " + victim.Output);
        Assert.True(target.Ingest.IsConnected);
        if (target.Host.Services.GetService<IngestService>() is { } ingest)
        {
            // mosquitto: the host's own MQTT session was never taken from it.
            Assert.Equal(0, ingest.Reconnects);
        }
    }

    [Fact]
    [Trait("Requirement", "SR-BRK-013")]
    public async Task Expired_foreign_and_revoked_certificates_are_refused_while_the_fleet_keeps_delivering()
    {
        await using var target = await StartHostAsync();
        var broker = target.Attacker;
        var store = target.Store;
        await using var neighbour = await UploadingDevice.ConnectAsync(fleet, "dev-b", target.NeighbourPort);
        string work = Path.Combine(fleet.Root, "hostile-certs-" + Guid.NewGuid().ToString("N")[..8]);
        var now = DateTimeOffset.UtcNow;

        // dev-a's own key in a certificate from the fleet CA whose validity ended yesterday, issued by openssl;
        // the same tool's certificate with a current validity connects, so expiry is its only fault.
        string expired = await OpenSslCertificates.IssueAsync(fleet.Pki, "dev-a", fleet.DeviceKey("dev-a"), Path.Combine(work, "expired"), now.AddDays(-30), now.AddDays(-1));
        string current = await OpenSslCertificates.IssueAsync(fleet.Pki, "dev-a", fleet.DeviceKey("dev-a"), Path.Combine(work, "current"), now.AddDays(-1), now.AddDays(30));
        Assert.Equal(0, await MosquittoClients.PublishAsync(broker, new MqttIdentity("dev-a", current, fleet.DeviceKey("dev-a")), DeviceTopics.For("dev-a", DeviceTopics.Events), "control", clientId: "dev-a"));

        // A device id of this fleet in a certificate of another fleet's CA.
        string otherRoot = Path.Combine(work, "other-fleet");
        EdgeSecurity.Pki.FleetPki.Initialize(new EdgeSecurity.Pki.PkiInitOptions { Directory = otherRoot });
        string trustRoot = Path.Combine(work, "trustroot.bin");
        await File.WriteAllBytesAsync(trustRoot, [9]);
        var impostor = EdgeSecurity.Pki.Provisioning.DeviceEnrollment.Enroll(new EdgeSecurity.Pki.Provisioning.EnrollmentOptions
        {
            PkiDirectory = otherRoot,
            DeviceIds = ["dev-a"],
            BrokerHost = "localhost",
            BrokerPort = broker.Port,
            TrustRootPath = trustRoot,
        })[0];

        // A device of this fleet, revoked: refused once the engine applied the revocation, which it does by itself.
        var revoked = Identity(DeviceToRevoke);
        Assert.Equal(0, await MosquittoClients.PublishAsync(broker, revoked, DeviceTopics.For(DeviceToRevoke, DeviceTopics.Events), "before-revocation", clientId: DeviceToRevoke));
        EdgeSecurity.Pki.Registry.DeviceRevocation.Revoke(fleet.Pki.Root, DeviceToRevoke, System.Security.Cryptography.X509Certificates.X509RevocationReason.KeyCompromise);
        int revokedExit = 0;
        for (var waited = TimeSpan.Zero; waited < TimeSpan.FromSeconds(15) && revokedExit == 0; waited += TimeSpan.FromMilliseconds(250))
        {
            await Task.Delay(250);
            revokedExit = await MosquittoClients.PublishAsync(broker, revoked, DeviceTopics.For(DeviceToRevoke, DeviceTopics.Events), "after-revocation", clientId: DeviceToRevoke);
        }

        Assert.NotEqual(0, revokedExit);
        neighbour.RecordHeartbeats(10);
        var attackers = new Dictionary<string, MqttIdentity>
        {
            ["expired"] = new("dev-a", expired, fleet.DeviceKey("dev-a")),
            ["foreign CA"] = MqttIdentity.FromPackage("dev-a", impostor.PackageDirectory),
            ["revoked"] = revoked,
        };
        foreach (var (name, identity) in attackers)
        {
            // Genuine batches of the device named (the host would store them if they got through).
            var journal = new SimulatedJournal(identity.Name, fleet.EventKey(identity.Name));
            journal.AppendHeartbeats(3);
            string batch = Path.Combine(work, identity.Name + "-batch.bin");
            await File.WriteAllBytesAsync(batch, journal.BatchAll(1));
            Assert.True(await MosquittoClients.PublishFileAsync(broker, identity, DeviceTopics.For(identity.Name, DeviceTopics.Events), batch, clientId: identity.Name) != 0, $"the {name} certificate connected");
        }

        neighbour.RecordHeartbeats(10);
        Assert.True(await neighbour.UploadAllAsync(TimeSpan.FromSeconds(30)), "dev-b's events were not all acknowledged");

        // Nothing of dev-b lost, nothing of the refused clients reached the host.
        var head = await store.GetChainHeadAsync("dev-b", CancellationToken.None);
        Assert.Equal(neighbour.Journal.HeadSequence, head!.Sequence);
        var storedB = (await store.QueryEventsAsync(new EventQuery(DeviceId: "dev-b", Limit: 1000), CancellationToken.None)).Items;
        Assert.Equal(Enumerable.Range(1, (int)head.Sequence).Select(i => (long)i), storedB.Select(e => e.Sequence).Order());
        Assert.Empty((await store.QueryEventsAsync(new EventQuery(DeviceId: "dev-a", Limit: 10), CancellationToken.None)).Items);
        Assert.Empty((await store.QueryEventsAsync(new EventQuery(DeviceId: DeviceToRevoke, Limit: 10), CancellationToken.None)).Items);
    }

    [Fact]
    [Trait("Requirement", "SR-EVT-HOST-016")]
    public async Task Old_batches_replayed_with_the_devices_certificate_are_stored_once_and_the_fleet_keeps_delivering()
    {
        await using var target = await StartHostAsync();
        var broker = target.Attacker;
        var store = target.Store;
        await using var neighbour = await UploadingDevice.ConnectAsync(fleet, "dev-b", target.NeighbourPort);
        var journal = new SimulatedJournal("dev-a", fleet.EventKey("dev-a"));
        journal.AppendHeartbeats(7);
        string work = Path.Combine(fleet.Root, "replay-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(work);
        var old = new[] { journal.Batch(1, 1, 2, 3), journal.Batch(2, 4, 5, 6) };
        await using (var device = await DeviceConnection.ConnectAsync(fleet, "dev-a", target.NeighbourPort))
        {
            Assert.Equal(3, (await device.SendAsync(old[0])).AckedThrough);
            Assert.Equal(6, (await device.SendAsync(old[1])).AckedThrough);
        }

        // Someone holding dev-a's certificate (or a recording of its traffic) replays the old batches, many
        // times, with mosquitto_pub, while dev-b keeps uploading.
        neighbour.RecordHeartbeats(10);
        var upload = neighbour.UploadAllAsync(TimeSpan.FromSeconds(60));
        for (int round = 0; round < 10; round++)
        {
            for (int i = 0; i < old.Length; i++)
            {
                string file = Path.Combine(work, $"batch-{i}.bin");
                await File.WriteAllBytesAsync(file, old[i]);
                Assert.Equal(0, await MosquittoClients.PublishFileAsync(broker, Identity("dev-a"), DeviceTopics.For("dev-a", DeviceTopics.Events), file, clientId: "dev-a"));
            }
        }

        Assert.True(await upload, "dev-b's events were not all acknowledged during the replay");

        // The device's next batch is taken after the replays (same topic, in order) and continues the chain.
        await using (var device = await DeviceConnection.ConnectAsync(fleet, "dev-a", target.NeighbourPort))
        {
            var next = await device.SendAsync(journal.Batch(3, 7));
            Assert.Equal((AckStatus.Stored, 7L), (next.Status, next.AckedThrough));
        }

        var stored = (await store.QueryEventsAsync(new EventQuery(DeviceId: "dev-a", Limit: 1000), CancellationToken.None)).Items;
        Assert.Equal([1L, 2L, 3L, 4L, 5L, 6L, 7L], stored.Select(e => e.Sequence).Order());
        Assert.All(stored, e => Assert.Equal(journal.Entries[(int)e.Sequence - 1].Record, e.RawRecord));
        Assert.Empty((await store.QueryAlertsAsync(new AlertQuery(DeviceId: "dev-a"), CancellationToken.None)).Items);
        Assert.Equal(0, await store.CountRejectionsAsync(null, CancellationToken.None));
        var headB = await store.GetChainHeadAsync("dev-b", CancellationToken.None);
        Assert.Equal(neighbour.Journal.HeadSequence, headB!.Sequence);
    }

    protected MqttIdentity Identity(string deviceId) => new(deviceId, fleet.DeviceCertificate(deviceId), fleet.DeviceKey(deviceId));

    /// <summary>mosquitto_sub under the device's own client id (the only one a cluster accepts from it), or null when the engine refused the connection or every subscription.</summary>
    private static Task<MqttSubscriber?> TrySubscribeAsync(IMqttBrokerAddress broker, MqttIdentity identity, params string[] topics) =>
        TryConnectWithClientIdAsync(broker, identity, identity.Name, topics);

    private static async Task<MqttSubscriber?> TryConnectWithClientIdAsync(IMqttBrokerAddress broker, MqttIdentity identity, string clientId, params string[] topics)
    {
        try
        {
            var subscriber = await MqttSubscriber.StartWithClientIdAsync(broker, identity, clientId, topics.Length > 0 ? topics : [DeviceTopics.For(identity.Name, DeviceTopics.Commands)]);
            return subscriber;
        }
        catch (InvalidOperationException)
        {
            // No SUBACK: the engine refused the connection (CONNACK) or closed it at the subscription.
            return null;
        }
    }
}
