using EdgeSecurity.Firmware.Core.Events;
using EdgeSecurity.Firmware.Core.Journal;
using EdgeSecurity.Firmware.Core.Topics;
using EdgeSecurity.Firmware.Core.Upload;
using EdgeSecurity.Firmware.HostPlatform.Clock;
using EdgeSecurity.Firmware.HostPlatform.Storage;
using EdgeSecurity.Host.Alerts;
using EdgeSecurity.Host.Ingest;
using EdgeSecurity.Host.Storage.Model;
using EdgeSecurity.Host.Tests.Support;
using EdgeSecurity.Pki.Registry;
using EdgeSecurity.Platform.Crypto;
using Microsoft.Extensions.DependencyInjection;
using DeviceStatus = EdgeSecurity.Host.Storage.Model.DeviceStatus;

namespace EdgeSecurity.Host.Tests.Ingest;

/// <summary>
/// Security events end to end through a real host: device certificates and mosquitto with TLS from the
/// real PKI, the core's encoders on the device side, the host's ingest, store and alerts. Run once per
/// database like the storage contract.
/// </summary>
public abstract class IngestContract(TestFleet fleet) : RunningHostContract(fleet)
{
    private SimulatedJournal Journal(string deviceId) => new(deviceId, Fleet.EventKey(deviceId));

    private Task<DeviceConnection> ConnectAsync(string deviceId) => DeviceConnection.ConnectAsync(Fleet, deviceId, Host.BrokerPort);

    private async Task<List<SecurityEventRecord>> StoredAsync(string deviceId) =>
        [.. (await Store.QueryEventsAsync(new EventQuery(DeviceId: deviceId, Limit: 1000), CancellationToken.None)).Items];

    private async Task<List<AlertRecord>> AlertsAsync(string deviceId, string? rule = null) =>
        [.. (await Store.QueryAlertsAsync(new AlertQuery(DeviceId: deviceId, Rule: rule), CancellationToken.None)).Items];

    [Fact]
    [Trait("Requirement", "SR-EVT-HOST-001")]
    public async Task Events_from_a_device_are_stored_once_and_acked_with_the_device_key()
    {
        var journal = Journal("dev-a");
        journal.AppendHeartbeats(3);
        await using var device = await ConnectAsync("dev-a");

        var ack = await device.SendAsync(journal.BatchAll(7)); // decoding verifies the ack MAC with the device key

        Assert.Equal(AckStatus.Stored, ack.Status);
        Assert.Equal(7u, ack.BatchId);
        Assert.Equal(3, ack.AckedThrough);
        var stored = await StoredAsync("dev-a");
        Assert.Equal([3L, 2L, 1L], stored.Select(e => e.Sequence));
        Assert.Equal(journal.Entries[0].Record, stored[^1].RawRecord);
        Assert.Equal("heartbeat", stored[0].TypeName);
        var head = await Store.GetChainHeadAsync("dev-a", CancellationToken.None);
        Assert.Equal(3, head!.Sequence);
        Assert.Equal(journal.Entries[2].Mac, head.Mac);
        var deviceRecord = await Store.GetDeviceAsync("dev-a", CancellationToken.None);
        Assert.NotNull(deviceRecord!.LastHeartbeatAtMs);
    }

    [Fact]
    [Trait("Requirement", "SR-EVT-HOST-001")]
    public async Task The_device_journal_and_uploader_empty_their_journal_into_the_host()
    {
        await using var device = await UploadingDevice.ConnectAsync(Fleet, "dev-b", Host.BrokerPort);
        var recorded = new List<long>
        {
            device.Log.Record(SecurityEvents.BootVerification(0, "ok", "a", "1.0", "0.9", 1)),
            device.Log.Record(SecurityEvents.IntegrityCheck(0, "ok", "app.pe", 0)),
        };
        recorded.AddRange(device.RecordHeartbeats(150));

        Assert.True(await device.UploadAllAsync(TimeSpan.FromSeconds(30)));

        Assert.Equal(0, device.Uploader.RejectedAcks);
        var head = await Store.GetChainHeadAsync("dev-b", CancellationToken.None);
        Assert.Equal(device.Journal.HeadSequence, head!.Sequence);
        Assert.Equal(device.Journal.HeadMac, head.Mac);
        Assert.Subset((await StoredAsync("dev-b")).Select(e => e.Sequence).ToHashSet(), recorded.ToHashSet());
        Assert.Empty(await AlertsAsync("dev-b"));
    }

    [Fact]
    [Trait("Requirement", "SR-EVT-HOST-002")]
    public async Task The_same_batch_delivered_twice_is_stored_once()
    {
        var journal = Journal("dev-a");
        journal.AppendHeartbeats(3);
        await using var device = await ConnectAsync("dev-a");

        var first = await device.SendAsync(journal.BatchAll(1));
        var second = await device.SendAsync(journal.BatchAll(1));

        Assert.Equal(3, first.AckedThrough);
        Assert.Equal(3, second.AckedThrough);
        Assert.Equal(3, (await StoredAsync("dev-a")).Count);
        Assert.Empty(await AlertsAsync("dev-a"));
    }

    [Fact]
    [Trait("Requirement", "SR-EVT-HOST-003")]
    public async Task A_tampered_record_is_rejected_and_raises_the_chain_alert()
    {
        var journal = Journal("dev-a");
        journal.AppendHeartbeats(3);
        var batch = journal.BatchAll(1);
        var second = journal.Entries[1];
        var offset = IndexOf(batch, second.Record) + second.Record.Length - 1; // last byte of a field value
        batch[offset] ^= 0x01;
        await using var device = await ConnectAsync("dev-a");

        var ack = await device.SendAsync(batch);

        Assert.Equal(1, ack.AckedThrough);
        Assert.Equal([1L], (await StoredAsync("dev-a")).Select(e => e.Sequence));
        var alert = Assert.Single(await AlertsAsync("dev-a", DefaultAlertRules.ChainBreak));
        Assert.Contains(2L, alert.EventSequences);
        Assert.Equal(1, await Store.CountRejectionsAsync(RejectionReasons.ForgedRecord, CancellationToken.None));

        // The genuine records still go in afterwards (the device resends them).
        Assert.Equal(3, (await device.SendAsync(journal.Batch(2, 2, 3))).AckedThrough);
    }

    [Fact]
    [Trait("Requirement", "SR-EVT-HOST-003")]
    public async Task A_new_device_s_first_batch_all_forged_leaves_no_chain_head_and_its_genuine_batch_then_goes_in()
    {
        // Made without the device's event key: nothing of it may become the device's chain.
        var forged = new SimulatedJournal("dev-a", Fleet.EventKey("dev-b"));
        forged.AppendHeartbeats(2);
        var genuine = Journal("dev-a");
        genuine.AppendHeartbeats(2);
        await using var device = await ConnectAsync("dev-a");

        var refused = await device.SendAsync(forged.BatchAll(1));

        Assert.Equal((AckStatus.Stored, 0L), (refused.Status, refused.AckedThrough));
        Assert.Empty(await StoredAsync("dev-a"));
        Assert.Null(await Store.GetChainHeadAsync("dev-a", CancellationToken.None));
        Assert.Equal([1L], Assert.Single(await AlertsAsync("dev-a", DefaultAlertRules.ChainBreak)).EventSequences);
        var ack = await device.SendAsync(genuine.BatchAll(2));
        Assert.Equal((AckStatus.Stored, 2L), (ack.Status, ack.AckedThrough));
        Assert.Equal(genuine.Entries[1].Mac, (await Store.GetChainHeadAsync("dev-a", CancellationToken.None))!.Mac);
    }

    [Fact]
    [Trait("Requirement", "SR-EVT-HOST-004")]
    [Trait("Requirement", "SR-EVT-HOST-011")]
    [Trait("Requirement", "SR-API-009")]
    public async Task A_record_the_device_no_longer_holds_raises_the_gap_alert_and_is_acknowledged_past()
    {
        var journal = Journal("dev-a");
        journal.AppendHeartbeats(5);
        await using var device = await ConnectAsync("dev-a");
        await device.SendAsync(journal.Batch(1, 1, 2));

        // 3 was deleted from the device's flash: its batch from 3 on holds only 4 and 5, and says so.
        var ack = await device.SendAsync(journal.CompleteBatch(2, coveredFrom: 3, [4, 5]));

        Assert.Equal((AckStatus.Stored, 5L), (ack.Status, ack.AckedThrough));
        var alert = Assert.Single(await AlertsAsync("dev-a", DefaultAlertRules.ChainGap));
        Assert.Equal([4L], alert.EventSequences);
        Assert.Empty(await AlertsAsync("dev-a", DefaultAlertRules.ExplainedGap));
        Assert.Equal(
            [EventChainStatus.Linked, EventChainStatus.AfterUnexplainedGap, EventChainStatus.Linked, EventChainStatus.Linked],
            (await StoredAsync("dev-a")).Select(e => e.ChainStatus));
    }

    [Fact]
    [Trait("Requirement", "SR-EVT-HOST-011")]
    public async Task A_batch_lost_in_transit_is_asked_for_again_and_nothing_after_it_is_acknowledged_meanwhile()
    {
        var journal = Journal("dev-a");
        journal.AppendHeartbeats(6);
        await using var device = await ConnectAsync("dev-a");
        await device.SendAsync(journal.Batch(1, 1, 2));

        // Batch 2 (3, 4) is lost; batch 3 (complete from 5, as the device sent 4 before it) arrives twice,
        // a batch without a statement and one whose statement is not the device's also start after the hole.
        var gap = await device.SendAsync(journal.CompleteBatch(3, 5, [5]));
        var redelivered = await device.SendAsync(journal.CompleteBatch(3, 5, [5]));
        var unstated = await device.SendAsync(journal.Batch(4, 5, 6));
        var forged = await device.SendAsync(journal.CompleteBatch(5, 3, [5, 6], key: Fleet.EventKey("dev-b")));
        Assert.All([gap, redelivered, unstated, forged], ack => Assert.Equal((AckStatus.Gap, 2L), (ack.Status, ack.AckedThrough)));
        Assert.Equal([2L, 1L], (await StoredAsync("dev-a")).Select(e => e.Sequence));

        var resent = await device.SendAsync(journal.CompleteBatch(6, 3, [3, 4, 5, 6]));

        Assert.Equal((AckStatus.Stored, 6L), (resent.Status, resent.AckedThrough));
        Assert.Equal([6L, 5L, 4L, 3L, 2L, 1L], (await StoredAsync("dev-a")).Select(e => e.Sequence));
        Assert.Empty(await AlertsAsync("dev-a"));
    }

    [Fact]
    [Trait("Requirement", "SR-EVT-HOST-005")]
    [Trait("Requirement", "SR-API-009")]
    public async Task A_gap_the_device_reports_as_dropped_is_recorded_as_explained()
    {
        var journal = Journal("dev-a");
        journal.AppendHeartbeats(3);
        journal.Append(SecurityEvents.RecordsDropped(1, 0, 2, 2, 1, 0, "journal full"));
        await using var device = await ConnectAsync("dev-a");

        var ack = await device.SendAsync(journal.Batch(1, 1, 3, 4)); // 2 was evicted on the device

        Assert.Equal(4, ack.AckedThrough);
        Assert.Empty(await AlertsAsync("dev-a", DefaultAlertRules.ChainGap));
        var explained = Assert.Single(await AlertsAsync("dev-a", DefaultAlertRules.ExplainedGap));
        Assert.Equal([3L, 4L], explained.EventSequences.Order());
        Assert.Single(await AlertsAsync("dev-a", DefaultAlertRules.JournalDrops));
        Assert.Equal([EventChainStatus.Linked, EventChainStatus.AfterExplainedGap, EventChainStatus.Linked], (await StoredAsync("dev-a")).Select(e => e.ChainStatus));
    }

    [Fact]
    [Trait("Requirement", "SR-EVT-HOST-015")]
    public async Task A_drop_report_whose_MAC_does_not_verify_explains_no_gap()
    {
        // 2 is missing; the report claiming it was dropped chains correctly but is MAC'd with another key.
        var journal = Journal("dev-a");
        journal.AppendHeartbeats(3);
        journal.AppendForged(SecurityEvents.RecordsDropped(1, 0, 2, 2, 1, 0, "journal full"), Fleet.EventKey("dev-b"));
        await using var device = await ConnectAsync("dev-a");

        var ack = await device.SendAsync(journal.Batch(1, 1, 3, 4));

        Assert.Equal((AckStatus.Gap, 1L), (ack.Status, ack.AckedThrough));
        Assert.Equal([1L], (await StoredAsync("dev-a")).Select(e => e.Sequence));
        Assert.Empty(await AlertsAsync("dev-a", DefaultAlertRules.ExplainedGap));
    }

    [Fact]
    [Trait("Requirement", "SR-EVT-HOST-015")]
    public async Task A_drop_report_covering_only_part_of_a_gap_explains_none_of_it()
    {
        // 2 and 3 are missing; dev-a's genuine report covers only 2 (3 may be a batch lost in transit),
        // dev-b's only 3. Neither gap is explained, so nothing after it is stored or acknowledged.
        var startOnly = Journal("dev-a");
        startOnly.AppendHeartbeats(4);
        startOnly.Append(SecurityEvents.RecordsDropped(1, 0, 2, 2, 1, 0, "journal full"));
        var endOnly = Journal("dev-b");
        endOnly.AppendHeartbeats(4);
        endOnly.Append(SecurityEvents.RecordsDropped(1, 0, 3, 3, 1, 0, "journal full"));
        await using var deviceA = await ConnectAsync("dev-a");
        await using var deviceB = await ConnectAsync("dev-b");

        var ackA = await deviceA.SendAsync(startOnly.Batch(1, 1, 4, 5));
        var ackB = await deviceB.SendAsync(endOnly.Batch(1, 1, 4, 5));

        Assert.Equal((AckStatus.Gap, 1L), (ackA.Status, ackA.AckedThrough));
        Assert.Equal((AckStatus.Gap, 1L), (ackB.Status, ackB.AckedThrough));
        Assert.Equal([1L], (await StoredAsync("dev-a")).Select(e => e.Sequence));
        Assert.Equal([1L], (await StoredAsync("dev-b")).Select(e => e.Sequence));
        Assert.Empty(await AlertsAsync("dev-a", DefaultAlertRules.ExplainedGap));
        Assert.Empty(await AlertsAsync("dev-b", DefaultAlertRules.ExplainedGap));
    }

    [Fact]
    [Trait("Requirement", "SR-EVT-HOST-006")]
    public async Task A_replayed_batch_is_harmless_but_a_conflicting_record_raises_the_replay_alert()
    {
        var journal = Journal("dev-a");
        journal.AppendHeartbeats(3);
        await using var device = await ConnectAsync("dev-a");
        await device.SendAsync(journal.BatchAll(1));

        var replay = await device.SendAsync(journal.Batch(2, 1, 2));
        Assert.Equal(3, replay.AckedThrough);
        Assert.Empty(await AlertsAsync("dev-a"));

        var conflicting = journal.Conflicting(2, SecurityEvents.IntegrityCheck(0, "ok", "app.pe", 0));
        var ack = await device.SendAsync(EventBatchCodec.Encode(3, [conflicting], 1));

        Assert.Equal(3, ack.AckedThrough);
        var alert = Assert.Single(await AlertsAsync("dev-a", DefaultAlertRules.Replay));
        Assert.Equal([2L], alert.EventSequences);
        Assert.Equal(journal.Entries[1].Record, (await Store.GetEventAsync("dev-a", 2, CancellationToken.None))!.RawRecord);
    }

    [Fact]
    [Trait("Requirement", "SR-EVT-HOST-007")]
    public async Task A_batch_naming_another_device_is_rejected()
    {
        var forgedJournal = new SimulatedJournal("dev-b", Fleet.EventKey("dev-a"));
        forgedJournal.AppendHeartbeats(2);
        var genuine = Journal("dev-a");
        genuine.AppendHeartbeats(1);
        await using var device = await ConnectAsync("dev-a");

        await device.PublishAsync(forgedJournal.BatchAll(1));
        var ack = await device.SendAsync(genuine.BatchAll(2)); // handled after the forged one (same topic, in order)

        Assert.Equal(1, ack.AckedThrough);
        Assert.Empty(await StoredAsync("dev-b"));
        Assert.Equal(1, await Store.CountRejectionsAsync(RejectionReasons.Impersonation, CancellationToken.None));
        Assert.Single(await AlertsAsync("dev-a", DefaultAlertRules.Impersonation));
    }

    [Fact]
    [Trait("Requirement", "SR-EVT-HOST-008")]
    public async Task A_malformed_payload_is_counted_and_the_next_valid_batch_is_still_ingested()
    {
        var journal = Journal("dev-a");
        journal.AppendHeartbeats(2);
        await using var device = await ConnectAsync("dev-a");

        await device.PublishAsync([1, 0, 0, 0, 0, 1, 1, 1]); // entry announces a previous MAC, then ends
        var ack = await device.SendAsync(journal.BatchAll(1));

        Assert.Equal(2, ack.AckedThrough);
        Assert.Equal(1, await Store.CountRejectionsAsync(RejectionReasons.Malformed(EventFormatError.Truncated), CancellationToken.None));
        Assert.Equal(2, (await StoredAsync("dev-a")).Count);
    }

    [Fact]
    [Trait("Requirement", "SR-ALERT-002")]
    [Trait("Requirement", "SR-ALERT-003")]
    public async Task Security_failures_arriving_through_ingest_raise_alerts_linking_their_events()
    {
        var journal = Journal("dev-b");
        journal.Append(SecurityEvents.BootVerification(0, "ok", "a", "1.0", "0.9", 1));
        journal.Append(SecurityEvents.BootVerification(3, "signature invalid", "b", "1.1", "1.0", 2));
        for (var i = 1; i <= 5; i++)
        {
            journal.Append(SecurityEvents.AuthenticationFailure("broker", 401, "bad certificate", i));
        }

        await using var device = await ConnectAsync("dev-b");
        await device.SendAsync(journal.BatchAll(1));

        Assert.Equal([2L], Assert.Single(await AlertsAsync("dev-b", DefaultAlertRules.BootFailure)).EventSequences);
        Assert.Equal([3L, 4L, 5L, 6L, 7L], Assert.Single(await AlertsAsync("dev-b", DefaultAlertRules.ConnectionFailureBurst)).EventSequences.Order());
    }

    [Fact]
    [Trait("Requirement", "SR-EVT-HOST-009")]
    public async Task Unknown_and_revoked_devices_are_rejected()
    {
        // The broker already refuses both (no certificate / CRL); the host checks again in case it is misconfigured.
        var revoked = await RevokeSpareDeviceAsync();
        var ingestor = Host.Services.GetRequiredService<EventIngestor>();
        var journal = Journal(revoked);
        journal.AppendHeartbeats(1);
        var ghost = new SimulatedJournal("ghost", new byte[32]);
        ghost.AppendHeartbeats(1);

        await ingestor.HandleAsync($"es/v1/d/{revoked}/evt", journal.BatchAll(1), CancellationToken.None);
        await ingestor.HandleAsync("es/v1/d/ghost/evt", ghost.BatchAll(1), CancellationToken.None);

        Assert.Equal(1, await Store.CountRejectionsAsync(RejectionReasons.RevokedDevice, CancellationToken.None));
        Assert.Equal(1, await Store.CountRejectionsAsync(RejectionReasons.UnknownDevice, CancellationToken.None));
        Assert.Empty(await StoredAsync(revoked));
        Assert.Empty(await StoredAsync("ghost"));
    }

    // Each database's test class revokes its own spare device, then waits for the host to import the registry.
    private async Task<string> RevokeSpareDeviceAsync()
    {
        var deviceId = Store.Provider == "sqlite" ? "dev-r1" : "dev-r2";
        DeviceRevocation.Revoke(Fleet.Pki.Root, deviceId, System.Security.Cryptography.X509Certificates.X509RevocationReason.KeyCompromise);
        var directory = Host.Services.GetRequiredService<EdgeSecurity.Host.Devices.DeviceDirectory>();
        for (var i = 0; i < 200 && directory.Find(deviceId) != DeviceStatus.Revoked; i++)
        {
            await Task.Delay(50);
        }

        return deviceId;
    }

    private static int IndexOf(byte[] haystack, byte[] needle)
    {
        for (var i = 0; i + needle.Length <= haystack.Length; i++)
        {
            if (haystack.AsSpan(i, needle.Length).SequenceEqual(needle))
            {
                return i;
            }
        }

        throw new InvalidOperationException("Record not found in batch.");
    }
}
