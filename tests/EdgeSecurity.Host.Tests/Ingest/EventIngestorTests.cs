using System.Security.Cryptography;
using EdgeSecurity.Firmware.Core.Events;
using EdgeSecurity.Firmware.Core.Topics;
using EdgeSecurity.Firmware.Core.Upload;
using EdgeSecurity.Host.Alerts;
using EdgeSecurity.Host.Configuration;
using EdgeSecurity.Host.Devices;
using EdgeSecurity.Host.Ingest;
using EdgeSecurity.Host.Storage;
using EdgeSecurity.Host.Storage.Model;
using EdgeSecurity.Host.Tests.Support;
using EdgeSecurity.Pki;
using EdgeSecurity.Pki.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EdgeSecurity.Host.Tests.Ingest;

/// <summary>
/// One event message handled end to end in process, without a broker: the host's own ingestor, verifier, writer (run as
/// a service), alert engine and rejection recorder over a real SQLite store and real key files; only the ack goes to a
/// recorder instead of MQTT, and the test reads it as the device would (authenticated with the device's key). The
/// ingest contract (<see cref="SqliteIngestTests"/>) checks the same through a whole host and broker.
/// </summary>
public sealed class EventIngestorTests : IAsyncLifetime
{
    private const string DeviceId = "dev-a";
    private const string OtherDevice = "dev-b";
    private const string RevokedDevice = "dev-r";
    private const string KeylessDevice = "dev-k";
    private const int BusyRetryAfterMs = 2_500;
    private static readonly string Topic = DeviceTopics.For(DeviceId, DeviceTopics.Events);
    private readonly TemporarySqliteStore _database = new("es-ingestor-");
    private readonly FakeTime _time = new(DateTimeOffset.FromUnixTimeMilliseconds(1_790_000_000_000));
    private readonly IngestMetrics _metrics = new();
    private readonly RecordingAckPublisher _acks = new();
    private readonly ChainHeadCache _heads = new();
    private readonly CapturedLog _log = new(typeof(EventIngestor).FullName!);
    private readonly ILoggerFactory _loggers;
    private readonly Dictionary<string, byte[]> _keys = [];
    private readonly EdgeSecurityHostOptions _options = new();
    private readonly List<IngestWriter> _writers = [];
    private readonly DeviceDirectory _directory = new();
    private RejectionRecorder? _rejections;
    private PkiLayout? _pki;

    public EventIngestorTests() => _loggers = LoggerFactory.Create(logging => logging.AddProvider(_log));

    private ITelemetryStore Store => _database.Store;

    public async Task InitializeAsync()
    {
        await _database.MigrateAsync();
        var pki = _pki = new PkiLayout(Path.Combine(_database.Directory, "pki"));
        foreach (var device in new[] { DeviceId, OtherDevice, RevokedDevice, KeylessDevice })
        {
            var status = device == RevokedDevice ? DeviceStatus.Revoked : DeviceStatus.Active;
            await Store.UpsertDeviceAsync(new DeviceRecord(device, status, "esp32", 1, null, null, null, null), CancellationToken.None);
            if (device != KeylessDevice)
            {
                _keys[device] = EventKeyStore.Generate();
                EventKeyStore.Write(pki, device, _keys[device]);
            }
        }

        _directory.Replace(new Dictionary<string, DeviceStatus>
        {
            [DeviceId] = DeviceStatus.Active,
            [OtherDevice] = DeviceStatus.Active,
            [RevokedDevice] = DeviceStatus.Revoked,
            [KeylessDevice] = DeviceStatus.Active,
        });
        Keys = new DeviceKeyCache(pki);
        _options.Ingest.GapWaitMs = 0;
        _options.Ingest.BusyRetryAfterMs = BusyRetryAfterMs;
        Alerts = new AlertEngine(AlertRuleSet.Defaults(), Store, new BurstTracker(), _time, NullLogger<AlertEngine>.Instance);
        _rejections = new RejectionRecorder(Store, Alerts, _time, Options.Create(_options), NullLogger<RejectionRecorder>.Instance);
    }

    public async Task DisposeAsync()
    {
        foreach (var writer in _writers)
        {
            await writer.StopAsync(CancellationToken.None);
            writer.Dispose();
        }

        _rejections?.Dispose();
        _loggers.Dispose();
        await _database.DisposeAsync();
    }

    /// <summary>Re-enrols the device as <c>edgesec</c> does: the PKI keeps the old key as epoch 0's and writes a new
    /// one, and the device's next records are epoch 1's, under the new key.</summary>
    private void ReenrolDevice(SimulatedJournal journal)
    {
        EventKeyStore.ArchiveCurrent(_pki!, DeviceId, 0);
        _keys[DeviceId] = EventKeyStore.Generate();
        EventKeyStore.Write(_pki!, DeviceId, _keys[DeviceId]);
        journal.Reenrol(1, _keys[DeviceId]);
    }

    private DeviceKeyCache Keys { get; set; } = null!;

    private AlertEngine Alerts { get; set; } = null!;

    [Fact]
    [Trait("Requirement", "SR-EVT-HOST-001")]
    public async Task A_genuine_batch_is_stored_the_device_touched_and_then_acked_stored_with_the_device_s_key()
    {
        var ingestor = await IngestorAsync();
        var journal = Journal(DeviceId);
        journal.AppendHeartbeats(4);
        _time.Advance(TimeSpan.FromSeconds(5));

        await ingestor.HandleAsync(Topic, journal.Batch(7, 1, 2, 3), CancellationToken.None);

        Assert.Equal((AckStatus.Stored, 7u, 3L, 0u), NextAck(DeviceId));
        Assert.Equal([1L, 2, 3], (IEnumerable<long>)await StoredAsync(DeviceId));
        var device = await Store.GetDeviceAsync(DeviceId, CancellationToken.None);
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        Assert.Equal((now, now), (device!.LastSeenAtMs, device.LastHeartbeatAtMs));
        Assert.Equal(1, ingestor.BatchesAcked);
        // The committed head is cached: the next batch is verified without reading the stored head again.
        Assert.Equal(3, _heads.ContinuedBy(DeviceId, EventBatchCodec.Decode(journal.Batch(8, 4)))!.Sequence);

        await ingestor.HandleAsync(Topic, journal.Batch(8, 4), CancellationToken.None);
        Assert.Equal((AckStatus.Stored, 8u, 4L, 0u), NextAck(DeviceId));
        Assert.Equal(2, ingestor.BatchesAcked);
        Assert.Empty(await AlertsAsync(DeviceId));
        Assert.Equal(0, await Store.CountRejectionsAsync(null, CancellationToken.None));
        var metrics = _metrics.Snapshot();
        Assert.Equal((2, 4, 0), (metrics["committedMessages"], metrics["committedEvents"], metrics["gapAcks"]));
    }

    [Fact]
    [Trait("Requirement", "SR-EVT-HOST-001")]
    public async Task Only_a_batch_that_stores_a_heartbeat_sets_the_device_s_last_heartbeat()
    {
        var ingestor = await IngestorAsync();
        var journal = Journal(DeviceId);
        journal.Append(SecurityEvents.Heartbeat(100_000, 0, 0, 100, 65536, 0, 0, 0));
        journal.Append(SecurityEvents.BootVerification(0, "verified", "A", "1.2.0", "1.1.0", 4));
        journal.Append(SecurityEvents.BootVerification(0, "verified", "A", "1.2.0", "1.1.0", 4));

        // A heartbeat among other events counts; events without one, and a redelivered batch that stores nothing, do not.
        await ingestor.HandleAsync(Topic, journal.Batch(1, 1, 2), CancellationToken.None);
        var heartbeat = _time.GetUtcNow().ToUnixTimeMilliseconds();
        _time.Advance(TimeSpan.FromMinutes(1));
        await ingestor.HandleAsync(Topic, journal.Batch(2, 3), CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(1));
        await ingestor.HandleAsync(Topic, journal.Batch(3, 1, 2), CancellationToken.None);

        Assert.Equal((AckStatus.Stored, 2L), Answer(NextAck(DeviceId)));
        Assert.Equal((AckStatus.Stored, 3L), Answer(NextAck(DeviceId)));
        Assert.Equal((AckStatus.Stored, 3L), Answer(NextAck(DeviceId)));
        var device = await Store.GetDeviceAsync(DeviceId, CancellationToken.None);
        Assert.Equal((_time.GetUtcNow().ToUnixTimeMilliseconds(), heartbeat), (device!.LastSeenAtMs, device.LastHeartbeatAtMs));
    }

    [Fact]
    [Trait("Requirement", "SR-EVT-HOST-001")]
    public async Task The_time_spent_handing_acks_to_the_connection_is_counted_as_the_ack_stage()
    {
        var ingestor = await IngestorAsync();
        var journal = Journal(DeviceId);
        journal.AppendHeartbeats(1);
        _acks.HandOver = TimeSpan.FromMilliseconds(50);

        await ingestor.HandleAsync(Topic, journal.Batch(1, 1), CancellationToken.None);

        // The ingest benchmark reads this breakdown to find where handler time goes.
        Assert.True(_metrics.Snapshot()["ackMs"] >= 40, $"ack stage {_metrics.Snapshot()["ackMs"]} ms");
        Assert.Equal((AckStatus.Stored, 1L), Answer(NextAck(DeviceId)));
    }

    [Fact]
    [Trait("Requirement", "SR-EVT-HOST-001")]
    public async Task After_a_reenrolment_the_ack_of_the_new_epoch_s_first_batch_is_made_with_the_new_key()
    {
        var ingestor = await IngestorAsync();
        var journal = Journal(DeviceId);
        journal.AppendHeartbeats(2);
        await ingestor.HandleAsync(Topic, journal.Batch(1, 1, 2), CancellationToken.None);
        NextAck(DeviceId); // made with the epoch 0 key, which the host now holds in its key cache

        // From the re-enrolment on, the device authenticates acks with the new key only.
        ReenrolDevice(journal);
        journal.AppendHeartbeats(1);
        var first = EventRecord.EpochSequenceBand + 1;

        await ingestor.HandleAsync(Topic, journal.Batch(2, first), CancellationToken.None);

        Assert.Equal((AckStatus.Stored, 2u, first, 0u), NextAck(DeviceId));
        Assert.Equal([1L, 2, first], (IEnumerable<long>)await StoredAsync(DeviceId));
    }

    [Fact]
    [Trait("Requirement", "SR-ID-004")]
    [Trait("Requirement", "SR-EVT-HOST-006")]
    public async Task A_new_record_made_with_a_leaked_old_key_after_the_re_enrolment_adds_nothing_and_raises_the_replay_alert()
    {
        var ingestor = await IngestorAsync();
        var oldKey = _keys[DeviceId];
        var journal = Journal(DeviceId);
        journal.AppendHeartbeats(2);
        await ingestor.HandleAsync(Topic, journal.Batch(1, 1, 2), CancellationToken.None);
        NextAck(DeviceId);
        ReenrolDevice(journal);
        journal.AppendHeartbeats(1);
        var first = EventRecord.EpochSequenceBand + 1;
        await ingestor.HandleAsync(Topic, journal.Batch(2, first), CancellationToken.None);
        NextAck(DeviceId);

        // Whoever kept the old package continues the old chain: record 3 of epoch 0, MAC'd correctly with the old key,
        // was never stored. It is not new (the chain is in epoch 1): refused as a conflict, and the message handled.
        var leaked = Journal(DeviceId, oldKey);
        leaked.AppendHeartbeats(3);
        await ingestor.HandleAsync(Topic, leaked.Batch(3, 3), CancellationToken.None);

        Assert.Equal((AckStatus.Stored, 3u, first, 0u), NextAck(DeviceId));
        Assert.Equal([1L, 2, first], (IEnumerable<long>)await StoredAsync(DeviceId));
        Assert.Equal([3L], Assert.Single(await AlertsAsync(DeviceId, DefaultAlertRules.Replay)).EventSequences);
    }

    [Fact]
    [Trait("Requirement", "SR-EVT-HOST-003")]
    public async Task A_forged_record_is_counted_as_rejected_raises_the_chain_break_alert_and_the_ack_stops_before_it()
    {
        var ingestor = await IngestorAsync();
        var journal = Journal(DeviceId);
        journal.AppendHeartbeats(2);
        journal.AppendForged(SecurityEvents.Heartbeat(100_000, 3000, 3, 100, 65536, 0, 0, 0), _keys[OtherDevice]);
        var message = journal.Batch(1, 1, 2, 3);

        await ingestor.HandleAsync(Topic, message, CancellationToken.None);

        Assert.Equal((AckStatus.Stored, 1u, 2L, 0u), NextAck(DeviceId));
        Assert.Equal([1L, 2], (IEnumerable<long>)await StoredAsync(DeviceId));
        Assert.Equal(1, await Store.CountRejectionsAsync(RejectionReasons.ForgedRecord, CancellationToken.None));
        Assert.Equal([3L], Assert.Single(await AlertsAsync(DeviceId, DefaultAlertRules.ChainBreak)).EventSequences);
        Assert.Equal(1, ingestor.BatchesAcked);
    }

    [Fact]
    [Trait("Requirement", "SR-EVT-HOST-004")]
    [Trait("Requirement", "SR-EVT-HOST-011")]
    public async Task A_batch_after_a_hole_is_acked_gap_and_logged_and_a_record_the_device_no_longer_holds_raises_the_gap_alert()
    {
        var ingestor = await IngestorAsync();
        var journal = Journal(DeviceId);
        journal.AppendHeartbeats(8);
        await ingestor.HandleAsync(Topic, journal.Batch(1, 1, 2), CancellationToken.None);
        NextAck(DeviceId);

        // Batch 2 (3, 4) was lost in transit: the device still holds them and is asked to resend from 2.
        await ingestor.HandleAsync(Topic, journal.CompleteBatch(3, 5, [5, 6]), CancellationToken.None);

        Assert.Equal((AckStatus.Gap, 3u, 2L, 0u), NextAck(DeviceId));
        Assert.Equal([1L, 2], (IEnumerable<long>)await StoredAsync(DeviceId));
        Assert.Empty(await AlertsAsync(DeviceId));
        Assert.Equal(1, _metrics.Snapshot()["gapAcks"]);
        Assert.Contains("Batch 3 of device dev-a continues after a hole in its chain: asked it to resend after sequence 2", _log.Text, StringComparison.Ordinal);
        Assert.Equal(2, ingestor.BatchesAcked);

        // 3 was deleted from the device's flash and its batch says so: stored past the hole, and the alert step ran.
        await ingestor.HandleAsync(Topic, journal.CompleteBatch(4, 3, [4, 5, 6]), CancellationToken.None);

        Assert.Equal((AckStatus.Stored, 4u, 6L, 0u), NextAck(DeviceId));
        Assert.Equal([4L], Assert.Single(await AlertsAsync(DeviceId, DefaultAlertRules.ChainGap)).EventSequences);
        Assert.Equal(1, _metrics.Snapshot()["gapAcks"]);
        Assert.Equal(3, ingestor.BatchesAcked);
    }

    [Fact]
    [Trait("Requirement", "SR-EVT-HOST-009")]
    public async Task Messages_from_outside_the_fleet_or_without_a_key_are_counted_by_reason_and_neither_stored_nor_answered()
    {
        var ingestor = await IngestorAsync();
        var cases = new (string Topic, string Device, string Reason)[]
        {
            ("devices/dev-a/attestation", DeviceId, RejectionReasons.NotAnEventTopic),
            (DeviceTopics.For("dev-x", DeviceTopics.Events), "dev-x", RejectionReasons.UnknownDevice),
            (DeviceTopics.For(RevokedDevice, DeviceTopics.Events), RevokedDevice, RejectionReasons.RevokedDevice),
            (DeviceTopics.For(KeylessDevice, DeviceTopics.Events), KeylessDevice, RejectionReasons.NoEventKey),
        };

        foreach (var (topic, device, reason) in cases)
        {
            var journal = Journal(device, _keys.GetValueOrDefault(device) ?? RandomNumberGenerator.GetBytes(32));
            journal.AppendHeartbeats(1);

            await ingestor.HandleAsync(topic, journal.Batch(1, 1), CancellationToken.None);

            Assert.Equal(1, await Store.CountRejectionsAsync(reason, CancellationToken.None));
            Assert.Empty(await StoredAsync(device));
        }

        Assert.Equal(cases.Length, await Store.CountRejectionsAsync(null, CancellationToken.None));
        Assert.Equal(0, _acks.Waiting);
        Assert.Equal(0, ingestor.BatchesAcked);
        Assert.Empty((await Store.QueryAlertsAsync(new AlertQuery(), CancellationToken.None)).Items);
    }

    [Fact]
    [Trait("Requirement", "SR-EVT-HOST-008")]
    public async Task A_malformed_payload_is_counted_by_its_format_error_and_neither_stored_nor_answered()
    {
        var ingestor = await IngestorAsync();
        var journal = Journal(DeviceId);
        journal.AppendHeartbeats(2);
        var message = journal.Batch(1, 1, 2);

        await ingestor.HandleAsync(Topic, message[..^5], CancellationToken.None);

        Assert.Equal(1, await Store.CountRejectionsAsync(RejectionReasons.Malformed(EventFormatError.Truncated), CancellationToken.None));
        Assert.Equal(1, await Store.CountRejectionsAsync(null, CancellationToken.None));
        Assert.Empty(await StoredAsync(DeviceId));
        Assert.Equal(0, _acks.Waiting);
        Assert.Empty(await AlertsAsync(DeviceId));
    }

    [Theory]
    [Trait("Requirement", "SR-EVT-HOST-007")]
    [InlineData(false, "device 'dev-a' published records naming device 'dev-b'")]
    [InlineData(true, "device 'dev-a' published a batch mixing records of several devices")]
    public async Task Records_of_another_device_on_a_device_s_topic_are_rejected_as_impersonation_with_an_alert_naming_them(bool mixed, string detail)
    {
        var ingestor = await IngestorAsync();
        var journal = Journal(DeviceId);
        if (mixed)
        {
            journal.AppendHeartbeats(1);
        }

        journal.Append(SecurityEvents.Heartbeat(100_000, 0, 0, 100, 65536, 0, 0, 0), OtherDevice);

        await ingestor.HandleAsync(Topic, journal.BatchAll(1), CancellationToken.None);

        Assert.Equal(1, await Store.CountRejectionsAsync(RejectionReasons.Impersonation, CancellationToken.None));
        Assert.Equal(1, await Store.CountRejectionsAsync(null, CancellationToken.None));
        var alert = Assert.Single(await AlertsAsync(DeviceId, DefaultAlertRules.Impersonation));
        Assert.Contains(detail, alert.Detail, StringComparison.Ordinal);
        Assert.Empty(await StoredAsync(DeviceId));
        Assert.Empty(await StoredAsync(OtherDevice));
        Assert.Equal(0, _acks.Waiting);
    }

    [Theory]
    [Trait("Requirement", "SR-EVT-HOST-010")]
    [InlineData(BusyRetryAfterMs, (uint)BusyRetryAfterMs)]
    [InlineData(-1, 0u)]
    public async Task When_the_writer_s_queue_is_full_the_device_is_told_busy_with_the_stored_head_and_nothing_of_the_batch_is_stored(int retryAfterMs, uint told)
    {
        _options.Ingest.BusyRetryAfterMs = retryAfterMs;
        var journal = Journal(DeviceId);
        journal.AppendHeartbeats(4);
        await (await IngestorAsync()).HandleAsync(Topic, journal.Batch(1, 1, 2), CancellationToken.None);
        NextAck(DeviceId);
        // A writer that is not running and whose one place is taken: the store is behind.
        _options.Ingest.QueueCapacity = 1;
        var stuck = new IngestWriter(Store, Options.Create(_options), _metrics, NullLogger<IngestWriter>.Instance);
        Assert.NotNull(stuck.TryEnqueue(new VerifiedBatch(OtherDevice, 1, [], null, 0, 0, [])));
        var ingestor = Ingestor(stuck);

        await ingestor.HandleAsync(Topic, journal.Batch(2, 3, 4), CancellationToken.None);

        Assert.Equal((AckStatus.Busy, 2u, 2L, told), NextAck(DeviceId));
        Assert.Equal([1L, 2], (IEnumerable<long>)await StoredAsync(DeviceId));
        Assert.Equal(0, ingestor.BatchesAcked);
        Assert.Contains($"Store is behind: device dev-a told to retry after {told} ms", _log.Text, StringComparison.Ordinal);
        stuck.Dispose();
    }

    [Fact]
    [Trait("Requirement", "SR-EVT-HOST-010")]
    public async Task A_failed_commit_fails_the_handler_unanswered_and_the_next_batch_reads_the_stored_head_again()
    {
        var (store, commits) = HeldCommitStore.Wrap(Store, concurrentWriters: false);
        var ingestor = await IngestorAsync(store);
        var journal = Journal(DeviceId);
        journal.AppendHeartbeats(4);
        var first = ingestor.HandleAsync(Topic, journal.Batch(1, 1, 2), CancellationToken.None);
        (await commits.NextCommitAsync(TimeSpan.FromSeconds(30))).Release();
        await first;
        NextAck(DeviceId);

        var second = ingestor.HandleAsync(Topic, journal.Batch(2, 3, 4), CancellationToken.None);
        var diskFull = new IOException("disk full");
        (await commits.NextCommitAsync(TimeSpan.FromSeconds(30))).Fail(diskFull);

        Assert.Same(diskFull, await Assert.ThrowsAsync<IOException>(() => second));
        Assert.Equal(0, _acks.Waiting);
        Assert.Equal(1, ingestor.BatchesAcked);
        // Whether the failed group reached the disk is unknown: the cached head 2 is forgotten, not trusted.
        Assert.Null(_heads.ContinuedBy(DeviceId, EventBatchCodec.Decode(journal.Batch(3, 3, 4))));
        commits.PassAll();
        await ingestor.HandleAsync(Topic, journal.Batch(3, 3, 4), CancellationToken.None);
        Assert.Equal((AckStatus.Stored, 3u, 4L, 0u), NextAck(DeviceId));
    }

    private async Task<EventIngestor> IngestorAsync(ITelemetryStore? store = null)
    {
        var writer = new IngestWriter(store ?? Store, Options.Create(_options), _metrics, NullLogger<IngestWriter>.Instance);
        _writers.Add(writer);
        await writer.StartAsync(CancellationToken.None);
        return Ingestor(writer);
    }

    private EventIngestor Ingestor(IngestWriter writer)
    {
        var verifier = new BatchVerifier(Store, _heads, _time);
        var options = Options.Create(_options);
        return new EventIngestor(
            _directory,
            Keys,
            verifier,
            new GapRecheck(Store, verifier, _metrics, options),
            writer,
            _heads,
            Alerts,
            Store,
            _acks,
            _time,
            options,
            _metrics,
            _rejections!,
            _loggers.CreateLogger<EventIngestor>());
    }

    private SimulatedJournal Journal(string device, byte[]? key = null) => new(device, key ?? _keys[device]);

    // The next ack as the device reads it: decoding fails unless it was MAC'd with the device's event key.
    private (AckStatus Status, uint BatchId, long AckedThrough, uint RetryAfterMs) NextAck(string device)
    {
        var (to, bytes) = _acks.Next();
        Assert.Equal(device, to);
        var ack = EventAckCodec.Decode(TestMac.Instance, _keys[device], bytes);
        return (ack.Status, ack.BatchId, ack.AckedThrough, ack.RetryAfterMs);
    }

    private static (AckStatus Status, long AckedThrough) Answer((AckStatus Status, uint BatchId, long AckedThrough, uint RetryAfterMs) ack) =>
        (ack.Status, ack.AckedThrough);

    private async Task<long[]> StoredAsync(string device) =>
        [.. (await Store.QueryEventsAsync(new EventQuery(DeviceId: device, Limit: 100), CancellationToken.None)).Items.Select(e => e.Sequence).Order()];

    private async Task<IReadOnlyList<AlertRecord>> AlertsAsync(string device, string? rule = null) =>
        (await Store.QueryAlertsAsync(new AlertQuery(DeviceId: device, Rule: rule), CancellationToken.None)).Items;
}
