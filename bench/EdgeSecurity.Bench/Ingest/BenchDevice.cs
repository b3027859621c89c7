using System.Diagnostics;
using EdgeSecurity.Firmware.Core.Platform;
using EdgeSecurity.Firmware.Core.Topics;
using EdgeSecurity.Firmware.Core.Upload;
using EdgeSecurity.Mqtt.Client;
using EdgeSecurity.Mqtt.Packets;

namespace EdgeSecurity.Bench.Ingest;

/// <summary>
/// One simulated device's connection: its own certificate, its pre-built batches, and at most
/// <c>window</c> batches published but not yet acknowledged, like the core's uploader. Acks are checked
/// with the device's event key (core ack codec) before they release anything.
/// </summary>
internal sealed class BenchDevice : IAsyncDisposable
{
    /// <summary>Like the core's uploader (UploaderOptions.AckTimeoutMs): a batch unacknowledged this long is sent again with the rest in flight.</summary>
    private static readonly TimeSpan AckTimeout = TimeSpan.FromMilliseconds(new Firmware.Core.Upload.UploaderOptions().AckTimeoutMs);

    /// <summary>Longer than two ack timeouts: a device that resent and still hears nothing is stuck, not slow.</summary>
    private static readonly TimeSpan StallLimit = TimeSpan.FromSeconds(75);
    private readonly string _deviceId;
    private readonly byte[] _key;
    private readonly IMacPrimitive _mac;
    private readonly IReadOnlyList<BenchBatch> _batches;
    private readonly int _window;
    private readonly MqttClient _client;
    private readonly Queue<(BenchBatch Batch, long SentAt)> _inFlight = new();
    private readonly List<Task> _publishes = [];
    private SemaphoreSlim _slots;
    private TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string _topic = "";
    private uint _nextResendId;
    private LatencyRecorder? _latencies;
    private Action<int>? _stored;
    private long _lastProgress;
    private string _lastAck = "none";

    public BenchDevice(string deviceId, byte[] key, IMacPrimitive mac, IReadOnlyList<BenchBatch> batches, int window, MqttClientOptions options)
    {
        _deviceId = deviceId;
        _key = key;
        _mac = mac;
        _batches = batches;
        _window = window;
        _slots = new SemaphoreSlim(window);
        _nextResendId = batches[^1].BatchId + 1;
        _client = new MqttClient(options, (message, _) =>
        {
            OnAck(message.Payload.ToArray());
            return ValueTask.CompletedTask;
        });
    }

    /// <summary>Busy acks received (the host's store was behind; the batch was resent after the delay).</summary>
    public int BusyAcks { get; private set; }

    /// <summary>Gap acks received (the host saw a batch that does not continue its stored chain; sent again from its head).</summary>
    public int GapAcks { get; private set; }

    /// <summary>Times the oldest batch waited <see cref="AckTimeout"/> without an ack and everything in flight was sent again.</summary>
    public int AckTimeouts { get; private set; }

    public async Task ConnectAsync()
    {
        await _client.ConnectAsync().ConfigureAwait(false);
        await _client.SubscribeAsync(DeviceTopics.For(_deviceId, DeviceTopics.Acks), MqttQos.AtLeastOnce).ConfigureAwait(false);
    }

    /// <summary>Sends every batch <paramref name="rounds"/> times to a topic a plain subscriber reads; a slot frees at the broker's PUBACK.</summary>
    public async Task PublishRawAsync(string leaf, int rounds)
    {
        var topic = DeviceTopics.For(_deviceId, leaf);
        using var slots = new SemaphoreSlim(_window);
        var sends = new List<Task>(_batches.Count * rounds);
        for (var round = 0; round < rounds; round++)
        {
            foreach (var batch in _batches)
            {
                await slots.WaitAsync().ConfigureAwait(false);
                var payload = round == 0 ? batch.Payload : batch.WithBatchId(batch.BatchId + (uint)(round * _batches.Count)).Payload;
                sends.Add(ReleaseWhenAcknowledgedAsync(_client.PublishAsync(topic, payload, MqttQos.AtLeastOnce), slots));
            }
        }

        await Task.WhenAll(sends).ConfigureAwait(false);

        // Later rounds carry new batch ids, so the subscriber can tell a reordering from the start of the next round.
        static async Task ReleaseWhenAcknowledgedAsync(Task publish, SemaphoreSlim slots)
        {
            try
            {
                await publish.ConfigureAwait(false);
            }
            finally
            {
                slots.Release();
            }
        }
    }

    /// <summary>
    /// Sends every batch once to the device's <paramref name="leaf"/> (the event topic for the host); a slot frees
    /// only when a MAC'd ack covers the batch. Each call is a new phase: nothing in flight, the window free.
    /// </summary>
    public async Task IngestAsync(string leaf, LatencyRecorder latencies, Action<int> stored)
    {
        var topic = DeviceTopics.For(_deviceId, leaf);
        lock (_inFlight)
        {
            _inFlight.Clear();
            _slots.Dispose();
            _slots = new SemaphoreSlim(_window);
            _done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _topic = topic;
            _latencies = latencies;
            _stored = stored;
            _lastAck = "none";
        }

        lock (_publishes)
        {
            _publishes.Clear();
        }

        Interlocked.Exchange(ref _lastProgress, Stopwatch.GetTimestamp());
        foreach (var batch in _batches)
        {
            while (!await _slots.WaitAsync(TimeSpan.FromSeconds(1)).ConfigureAwait(false))
            {
                ResendIfAckOverdue();
                ThrowIfStalled();
            }

            lock (_inFlight)
            {
                _inFlight.Enqueue((batch, Stopwatch.GetTimestamp()));
            }

            // Not awaited: the broker's PUBACK is not the end-to-end ack; the host's ack frees the slot.
            Track(SendInOrderAsync(topic, batch));
        }

        while (await Task.WhenAny(_done.Task, Task.Delay(1000)).ConfigureAwait(false) != _done.Task)
        {
            ResendIfAckOverdue();
            ThrowIfStalled();
        }

        await _done.Task.ConfigureAwait(false);
        Task[] publishes;
        lock (_publishes)
        {
            publishes = [.. _publishes];
        }

        await Task.WhenAll(publishes).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await _client.DisposeAsync().ConfigureAwait(false);
        _slots.Dispose();
    }

    // The host may have taken a batch and never answered (its store failed and the broker does not redeliver to
    // the same connection); the device's uploader then resends what is in flight after its ack timeout.
    private void ResendIfAckOverdue()
    {
        List<BenchBatch> again;
        lock (_inFlight)
        {
            if (_inFlight.Count == 0 || Stopwatch.GetElapsedTime(_inFlight.Peek().SentAt) < AckTimeout)
            {
                return;
            }

            AckTimeouts++;
            var now = Stopwatch.GetTimestamp();
            var renumbered = _inFlight.Select(f => (Batch: f.Batch.WithBatchId(_nextResendId++), SentAt: now)).ToList();
            _inFlight.Clear();
            renumbered.ForEach(_inFlight.Enqueue);
            again = [.. renumbered.Select(f => f.Batch)];
        }

        _ = ResendAfterAsync(again, 0);
    }

    private void ThrowIfStalled()
    {
        if (_done.Task.IsFaulted)
        {
            // A bad ack arrived while this device was waiting for a free slot: report it, not a stall.
            _done.Task.GetAwaiter().GetResult();
        }

        if (Stopwatch.GetElapsedTime(Interlocked.Read(ref _lastProgress)) > StallLimit)
        {
            string waiting;
            lock (_inFlight)
            {
                waiting = string.Join(", ", _inFlight.Select(f => $"batch {f.Batch.BatchId} through {f.Batch.LastSequence}"));
            }

            throw new TimeoutException($"Device {_deviceId}: no ack progress for {StallLimit.TotalSeconds} s; last ack {_lastAck}; waiting for {waiting}.");
        }
    }

    // Runs on the MQTT client's handler lane: one ack at a time per device.
    private void OnAck(byte[] raw)
    {
        EventAck ack;
        try
        {
            ack = EventAckCodec.Decode(_mac, _key, raw);
        }
        catch (Firmware.Core.Events.EventFormatException e)
        {
            _done.TrySetException(new InvalidOperationException($"Device {_deviceId} received an ack that does not verify: {e.Message}", e));
            return;
        }

        _lastAck = $"{ack.Status} batch {ack.BatchId} through {ack.AckedThrough}";
        if (ack.Status == AckStatus.Busy)
        {
            BusyAcks++;
            _ = ResendAfterAsync(Renumber(ack.AckedThrough), (int)ack.RetryAfterMs);
        }
        else if (ack.Status == AckStatus.Gap)
        {
            // Like the device's uploader: the host holds nothing after AckedThrough, so send from there again, unless
            // the answer is to a batch sent before the last resend (that resend already covers it).
            GapAcks++;
            if (IsInFlight(ack.BatchId))
            {
                _ = ResendAfterAsync(Renumber(ack.AckedThrough), 0);
            }
        }
        else if (ack.Status != AckStatus.Stored)
        {
            _done.TrySetException(new InvalidOperationException($"Device {_deviceId} received ack status {ack.Status} through {ack.AckedThrough}: the bench sends only complete, valid chains."));
            return;
        }

        Release(ack.AckedThrough);
    }

    private void Release(long ackedThrough)
    {
        var now = Stopwatch.GetTimestamp();
        lock (_inFlight)
        {
            while (_inFlight.Count > 0 && _inFlight.Peek().Batch.LastSequence <= ackedThrough)
            {
                var (batch, sentAt) = _inFlight.Dequeue();
                _latencies!.Add(Stopwatch.GetElapsedTime(sentAt, now).TotalMilliseconds);
                _stored!(batch.Records);
                _slots.Release();
                Interlocked.Exchange(ref _lastProgress, now);
            }

            if (_inFlight.Count == 0 && _batches[^1].LastSequence <= ackedThrough)
            {
                _done.TrySetResult();
            }
        }
    }

    private bool IsInFlight(uint batchId)
    {
        lock (_inFlight)
        {
            return _inFlight.Any(f => f.Batch.BatchId == batchId);
        }
    }

    // What the host did not confirm gets new batch ids at once (as the uploader's resend round does), so answers to
    // the earlier copies still on their way are recognisably stale.
    private List<BenchBatch> Renumber(long ackedThrough)
    {
        lock (_inFlight)
        {
            var current = _inFlight.Select(f => f.Batch.LastSequence > ackedThrough ? (Batch: f.Batch.WithBatchId(_nextResendId++), f.SentAt) : f).ToList();
            _inFlight.Clear();
            current.ForEach(_inFlight.Enqueue);
            return [.. current.Select(f => f.Batch).Where(b => b.LastSequence > ackedThrough)];
        }
    }

    // The device keeps what the host did not confirm and sends it again after the delay the host asked for.
    private async Task ResendAfterAsync(List<BenchBatch> again, int delayMs)
    {
        await Task.Delay(delayMs).ConfigureAwait(false);
        foreach (var batch in again)
        {
            Track(SendInOrderAsync(_topic, batch));
        }
    }

    // Not awaited one by one: like the device's link, a batch is handed to the client as soon as a window slot
    // frees; the client puts publishes on the wire in call order (SR-MQTT-009), so batches stay in order.
    private Task SendInOrderAsync(string topic, BenchBatch batch) =>
        _client.PublishAsync(topic, batch.Payload, MqttQos.AtLeastOnce);

    private void Track(Task publish)
    {
        lock (_publishes)
        {
            _publishes.Add(publish);
        }
    }
}
