using EdgeSecurity.Firmware.Core.Events;
using EdgeSecurity.Firmware.Core.Tests.Events.Support;
using EdgeSecurity.Firmware.Core.Tests.Journal;
using EdgeSecurity.Firmware.Core.Upload;

namespace EdgeSecurity.Firmware.Core.Tests.Upload;

[Trait("Requirement", "SR-EVT-007")]
public sealed class EventUploaderTests : IDisposable
{
    private const string EventTopic = "test/dev-0001/events";
    private const string AckTopic = "test/dev-0001/events/ack";
    private readonly EventLogHarness _device = new();
    private readonly FakeTransport _transport = new();
    private readonly EventUploader _uploader;

    public EventUploaderTests()
    {
        _uploader = NewUploader(new UploaderOptions { MaxBatchRecords = 4, MaxInFlightBatches = 2, AckTimeoutMs = 5000 });
        _uploader.Start();
    }

    public void Dispose() => _device.Dispose();

    private EventUploader NewUploader(UploaderOptions options) =>
        new(_device.Journal, _transport, _device.Clock, _device.Mac, _device.Key, EventTopic, AckTopic, options);

    private List<long> RecordMany(int count) =>
        Enumerable.Range(0, count).Select(i => _device.Log.Record(EventLogHarness.Security(i))).ToList();

    private List<EventBatch> Batches() => _transport.Published.Select(p => EventBatchCodec.Decode(p.Payload)).ToList();

    private static List<long> Sequences(EventBatch batch) => batch.Entries.Select(e => e.Record.Sequence).ToList();

    private void Ack(long through, AckStatus status = AckStatus.Stored, uint retryAfterMs = 0, byte[]? key = null, uint batchId = 0) =>
        _transport.Deliver(AckTopic, EventAckCodec.Encode(_device.Mac, key ?? _device.Key, new EventAck(status, batchId, through, retryAfterMs)));

    [Fact]
    public void Batches_are_bounded_in_count_and_in_flight()
    {
        var sequences = RecordMany(10);

        _uploader.Poll();

        var batches = Batches();
        Assert.Equal(2, batches.Count);
        Assert.Equal(sequences[..4], Sequences(batches[0]));
        Assert.Equal(sequences[4..8], Sequences(batches[1]));
        Assert.All(_transport.Published, p => Assert.Equal(EventTopic, p.Topic));
        Assert.Equal(2, _uploader.InFlightBatches);
    }

    [Fact]
    public void Batches_are_bounded_in_bytes()
    {
        var uploader = NewUploader(new UploaderOptions { MaxBatchBytes = UploaderOptions.MinBatchBytes, MaxBatchRecords = 64, MaxInFlightBatches = 8 });
        var sequences = RecordMany(30);

        uploader.Poll();

        Assert.True(_transport.Published.Count > 1);
        Assert.All(_transport.Published, p => Assert.True(p.Payload.Length <= UploaderOptions.MinBatchBytes));
        Assert.Equal(sequences, Batches().SelectMany(Sequences));
    }

    [Fact]
    [Trait("Requirement", "SR-EVT-006")]
    public void Only_the_hosts_ack_trims_the_journal_and_frees_the_window()
    {
        var sequences = RecordMany(10);
        _uploader.Poll();
        Assert.Equal(0, _device.Journal.AcknowledgedThrough);

        Ack(sequences[3]);

        Assert.Equal(sequences[3], _device.Journal.AcknowledgedThrough);
        Assert.Equal(sequences[4..], _device.Entries().Select(e => e.Sequence));
        Assert.Equal(1, _uploader.InFlightBatches);
        _uploader.Poll();
        Assert.Equal(sequences[8..], Sequences(Batches()[2]));
    }

    [Fact]
    public void Unacknowledged_records_are_sent_again_after_a_reconnect()
    {
        var sequences = RecordMany(6);
        _uploader.Poll();
        Ack(sequences[1]);

        _transport.IsConnected = false;
        _uploader.Poll();
        _transport.IsConnected = true;
        _transport.Published.Clear();
        _uploader.Poll();

        Assert.Equal(sequences[2..6], Sequences(Batches()[0]));
    }

    [Fact]
    public void Unacknowledged_records_are_sent_again_after_the_ack_timeout()
    {
        var sequences = RecordMany(3);
        _uploader.Poll();
        _transport.Published.Clear();

        _device.Clock.Advance(4999);
        _uploader.Poll();
        Assert.Empty(_transport.Published);

        _device.Clock.Advance(1);
        _uploader.Poll();
        Assert.Equal(sequences, Sequences(Batches().Single()));
    }

    [Fact]
    public void A_retry_after_from_the_host_holds_publishing_back()
    {
        var sequences = RecordMany(10);
        _uploader.Poll();
        Ack(sequences[7], AckStatus.Stored, retryAfterMs: 10_000);
        _transport.Published.Clear();

        _uploader.Poll();
        _device.Clock.Advance(9_999);
        _uploader.Poll();
        Assert.Empty(_transport.Published);

        _device.Clock.Advance(1);
        _uploader.Poll();
        Assert.Equal(sequences[8..], Sequences(Batches().Single()));
    }

    [Fact]
    public void A_busy_host_gets_the_unacknowledged_records_again_after_its_delay()
    {
        var sequences = RecordMany(6);
        _uploader.Poll();
        Ack(0, AckStatus.Busy, retryAfterMs: 2000);
        _transport.Published.Clear();

        _uploader.Poll();
        Assert.Empty(_transport.Published);
        _device.Clock.Advance(2000);
        _uploader.Poll();

        Assert.Equal(sequences, Batches().SelectMany(Sequences));
        Assert.Equal(0, _device.Journal.AcknowledgedThrough);
    }

    [Fact]
    [Trait("Requirement", "SR-EVT-HOST-011")]
    public void Every_batch_states_it_is_complete_from_just_after_what_was_sent_or_acknowledged_before_it()
    {
        var sequences = RecordMany(10);
        _uploader.Poll();
        Ack(sequences[5]);
        _uploader.Poll();
        _transport.IsConnected = false;
        _uploader.Poll();
        _transport.IsConnected = true;
        _uploader.Poll();

        var batches = Batches();
        Assert.All(batches, b => Assert.True(BatchCompleteness.Verifies(_device.Mac, _device.Key, b)));
        Assert.Equal(
            [sequences[0], sequences[4], sequences[8], sequences[6]],
            batches.Select(b => b.Completeness!.CoveredFrom));
    }

    [Fact]
    [Trait("Requirement", "SR-EVT-HOST-011")]
    public void A_gap_answer_makes_the_device_resend_from_what_the_host_holds()
    {
        var sequences = RecordMany(8);
        _uploader.Poll();
        var second = Batches()[1];
        _transport.Published.Clear();

        // The first batch never reached the host; it answers the second with "gap, I hold nothing".
        Ack(0, AckStatus.Gap, batchId: second.BatchId);
        _uploader.Poll();

        Assert.Equal(sequences, Batches().SelectMany(Sequences));
        Assert.Equal(0, _device.Journal.AcknowledgedThrough);
        Assert.Equal(sequences, _device.Entries().Select(e => e.Sequence));
    }

    [Fact]
    [Trait("Requirement", "SR-EVT-HOST-011")]
    public void A_gap_answer_to_a_batch_of_an_earlier_round_does_not_restart_the_resend_again()
    {
        var sequences = RecordMany(8);
        _uploader.Poll();
        var firstRound = Batches();
        _transport.Published.Clear();
        Ack(0, AckStatus.Gap, batchId: firstRound[1].BatchId);
        _uploader.Poll();
        Assert.Equal(2, _transport.Published.Count);
        _transport.Published.Clear();

        // The broker delivered the second batch twice; the host's second gap answer arrives after the resend.
        Ack(0, AckStatus.Gap, batchId: firstRound[1].BatchId);
        _uploader.Poll();

        Assert.Empty(_transport.Published);
        Assert.Equal(2, _uploader.InFlightBatches);
    }

    [Fact]
    public void Duplicate_and_stale_acks_are_harmless()
    {
        var sequences = RecordMany(8);
        _uploader.Poll();

        Ack(sequences[5]);
        Ack(sequences[5]);
        Ack(sequences[2]);

        Assert.Equal(sequences[5], _device.Journal.AcknowledgedThrough);
        Assert.Equal(sequences[6..], _device.Entries().Select(e => e.Sequence));
        Assert.Equal(0, _uploader.RejectedAcks);
    }

    [Fact]
    [Trait("Requirement", "SR-EVT-006")]
    public void Forged_or_impossible_acks_delete_nothing()
    {
        var sequences = RecordMany(10);
        _uploader.Poll();

        Ack(sequences[3], key: TestMac.NewKey());
        Ack(sequences[9]);
        _transport.Deliver(AckTopic, [1, 2, 3]);

        Assert.Equal(3, _uploader.RejectedAcks);
        Assert.Equal(0, _device.Journal.AcknowledgedThrough);
        Assert.Equal(sequences, _device.Entries().Select(e => e.Sequence));
    }

    [Fact]
    public void A_refused_publish_is_retried_on_the_next_poll()
    {
        var sequences = RecordMany(2);
        _transport.RefusePublishes = true;
        _uploader.Poll();
        Assert.Equal(0, _uploader.InFlightBatches);

        _transport.RefusePublishes = false;
        _uploader.Poll();

        Assert.Equal(sequences, Sequences(Batches().Single()));
    }

    [Fact]
    [Trait("Requirement", "SR-EVT-002")]
    public void A_host_verifying_everything_it_receives_sees_one_unbroken_chain_despite_resends()
    {
        var sequences = RecordMany(12);
        _uploader.Poll();
        _transport.IsConnected = false;
        _uploader.Poll();
        _transport.IsConnected = true;
        for (int round = 0; round < 6; round++)
        {
            _uploader.Poll();
            var last = Batches().SelectMany(Sequences).Max();
            Ack(last);
        }

        var verifier = new EventChainVerifier(_device.Mac, _device.Key, EventLogHarness.DeviceId, 0, EventChain.Genesis());
        var stored = new List<long>();
        foreach (var entry in Batches().SelectMany(b => b.Entries))
        {
            var verdict = verifier.Check(entry.PreviousMac, entry.RecordBytes, entry.Mac);
            Assert.NotEqual(ChainVerdict.Forged, verdict);
            Assert.NotEqual(ChainVerdict.LinkedAfterGap, verdict);
            if (verdict == ChainVerdict.Linked)
            {
                stored.Add(entry.Record.Sequence);
            }
        }

        Assert.Equal(sequences, stored);
        Assert.Equal(sequences[^1], _device.Journal.AcknowledgedThrough);
    }

    [Fact]
    public void Nothing_is_read_or_built_while_the_link_is_down()
    {
        var sequences = RecordMany(3);
        _uploader.Poll();
        _transport.IsConnected = false;
        int attempts = _transport.PublishAttempts;

        for (int poll = 0; poll < 3; poll++)
        {
            _uploader.Poll();
        }

        // A device offline for hours polls every second: it must not read the journal and MAC a batch each time.
        Assert.Equal(attempts, _transport.PublishAttempts);
        Assert.Equal(1, _uploader.InFlightBatches);
        _transport.IsConnected = true;
        _uploader.Poll();
        Assert.Equal(sequences, Sequences(Batches()[^1]));
    }

    [Fact]
    [Trait("Requirement", "SR-EVT-006")]
    public void A_genuine_ack_arriving_on_another_topic_deletes_nothing()
    {
        var sequences = RecordMany(4);
        _uploader.Poll();
        var ack = EventAckCodec.Encode(_device.Mac, _device.Key, new EventAck(AckStatus.Stored, 1, sequences[^1], 0));

        _uploader.OnMessage(EventTopic, ack);
        _uploader.OnMessage(AckTopic, null!);

        Assert.Equal(0, _device.Journal.AcknowledgedThrough);
        Assert.Equal(sequences, _device.Entries().Select(e => e.Sequence));
        Assert.Equal(1, _uploader.InFlightBatches);
        Assert.Equal(0, _uploader.RejectedAcks);
    }

    [Fact]
    public void A_later_ack_without_a_retry_after_does_not_cut_a_running_back_off_short()
    {
        var sequences = RecordMany(10);
        _uploader.Poll();
        long start = _device.Clock.UptimeMilliseconds;
        Ack(sequences[3], AckStatus.Busy, retryAfterMs: 5000, batchId: 1);
        Assert.Equal(start + 5000, _uploader.BackoffUntilUptimeMs);

        // The answer to the second batch was on its way before the host got busy.
        _device.Clock.Advance(100);
        Ack(sequences[7], AckStatus.Stored, batchId: 2);
        _transport.Published.Clear();
        _uploader.Poll();
        _device.Clock.Advance(4899);
        _uploader.Poll();

        Assert.Empty(_transport.Published);
        Assert.Equal(start + 5000, _uploader.BackoffUntilUptimeMs);
        _device.Clock.Advance(1);
        _uploader.Poll();
        Assert.Equal(sequences[8..], Sequences(Batches().Single()));
    }

    [Fact]
    public void A_batch_fills_its_byte_limit_exactly_when_the_records_fit()
    {
        RecordMany(40);
        var held = _device.Journal.ReadAfter(0, 64);
        int size = EventBatchCodec.HeaderBytes + BatchCompleteness.Bytes;
        int fit = 0;
        while (size < UploaderOptions.MinBatchBytes)
        {
            // Contiguous records: only the first carries its previous MAC.
            size += EventBatchCodec.EntrySize(held[fit].Record.Length, fit == 0);
            fit++;
        }

        var uploader = NewUploader(new UploaderOptions { MaxBatchBytes = size, MaxBatchRecords = 64, MaxInFlightBatches = 1 });
        uploader.Poll();

        var payload = _transport.Published.Single().Payload;
        Assert.Equal(size, payload.Length);
        Assert.Equal(held[..fit].Select(e => e.Sequence), Sequences(EventBatchCodec.Decode(payload)));
    }

    [Fact]
    public void A_single_record_goes_out_in_a_batch_of_its_own_with_its_statement()
    {
        var sequence = RecordMany(1).Single();

        _uploader.Poll();

        var batch = Batches().Single();
        Assert.Equal([sequence], Sequences(batch));
        Assert.True(BatchCompleteness.Verifies(_device.Mac, _device.Key, batch));
    }

    [Fact]
    public void Batch_ids_increase_by_one_per_publish()
    {
        var sequences = RecordMany(10);
        _uploader.Poll();
        Ack(sequences[3]);
        _uploader.Poll();

        // docs/formats/events.md section 5: the id is device-chosen and increments per publish (0 names an unsolicited ack).
        Assert.Equal([1u, 2u, 3u], Batches().Select(b => b.BatchId));
    }

    [Theory]
    [InlineData("journal")]
    [InlineData("transport")]
    [InlineData("clock")]
    [InlineData("mac")]
    [InlineData("deviceEventKey")]
    [InlineData("options")]
    [InlineData("event topic null")]
    [InlineData("event topic empty")]
    [InlineData("ack topic null")]
    [InlineData("ack topic empty")]
    public void An_uploader_without_a_collaborator_or_topic_is_refused_by_name(string missing)
    {
        var error = Assert.Throws<ArgumentException>(() => new EventUploader(
            missing == "journal" ? null! : _device.Journal,
            missing == "transport" ? null! : _transport,
            missing == "clock" ? null! : _device.Clock,
            missing == "mac" ? null! : _device.Mac,
            missing == "deviceEventKey" ? null! : _device.Key,
            missing == "event topic null" ? null! : missing == "event topic empty" ? string.Empty : EventTopic,
            missing == "ack topic null" ? null! : missing == "ack topic empty" ? string.Empty : AckTopic,
            missing == "options" ? null! : new UploaderOptions()));

        Assert.Contains(missing.Contains("topic", StringComparison.Ordinal) ? "both topics" : missing, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(nameof(UploaderOptions.MaxBatchBytes), UploaderOptions.MinBatchBytes, EventBatchCodec.MaxBatchBytes)]
    [InlineData(nameof(UploaderOptions.MaxBatchRecords), 1, EventBatchCodec.MaxEntries)]
    [InlineData(nameof(UploaderOptions.MaxInFlightBatches), 1, int.MaxValue)]
    [InlineData(nameof(UploaderOptions.AckTimeoutMs), 1, int.MaxValue)]
    public void Options_at_their_limits_are_taken_and_one_past_them_is_refused_with_the_range(string option, int lowest, int highest)
    {
        UploaderOptions With(long value)
        {
            var options = new UploaderOptions();
            typeof(UploaderOptions).GetProperty(option)!.SetValue(options, option == nameof(UploaderOptions.AckTimeoutMs) ? value : (object)(int)value);
            return options;
        }

        Assert.NotNull(NewUploader(With(lowest)));
        Assert.NotNull(NewUploader(With(highest)));
        var outside = new List<long> { lowest - 1 };
        if (highest < int.MaxValue)
        {
            outside.Add(highest + 1L);
        }

        foreach (var value in outside)
        {
            var error = Assert.Throws<ArgumentException>(() => NewUploader(With(value)));
            Assert.Equal(
                option == nameof(UploaderOptions.MaxBatchBytes)
                    ? $"MaxBatchBytes must be {UploaderOptions.MinBatchBytes} to {EventBatchCodec.MaxBatchBytes}."
                    : $"MaxBatchRecords must be 1 to {EventBatchCodec.MaxEntries}; MaxInFlightBatches and AckTimeoutMs at least 1.",
                error.Message);
        }
    }

    [Fact]
    public void Invalid_options_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => NewUploader(new UploaderOptions { MaxBatchBytes = 100 }));
        Assert.Throws<ArgumentException>(() => NewUploader(new UploaderOptions { MaxInFlightBatches = 0 }));
    }
}
