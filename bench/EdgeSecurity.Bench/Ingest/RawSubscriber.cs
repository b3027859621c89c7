using EdgeSecurity.Firmware.Core.Topics;
using EdgeSecurity.Mqtt.Client;
using EdgeSecurity.Mqtt.Packets;

namespace EdgeSecurity.Bench.Ingest;

/// <summary>
/// The plain consumer of the raw-delivery phase: the host-service identity subscribed (QoS 1, like the
/// host's ingest subscription) to one report leaf of every device; it only counts what mosquitto delivers.
/// </summary>
internal sealed class RawSubscriber : IAsyncDisposable
{
    private readonly MqttClient _client;
    private readonly string _leaf;
    private readonly long _expected;
    private readonly TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _received;
    private long _lastDelivery;
    private long _outOfOrder;
    private readonly Dictionary<string, uint> _lastBatch = new(StringComparer.Ordinal);

    public RawSubscriber(MqttClientOptions options, string leaf, long expectedMessages)
    {
        _leaf = leaf;
        _expected = expectedMessages;
        _client = new MqttClient(options, (message, _) =>
        {
            Interlocked.Exchange(ref _lastDelivery, System.Diagnostics.Stopwatch.GetTimestamp());
            CheckOrder(message.Topic, message.Payload.Span);
            if (Interlocked.Increment(ref _received) == _expected)
            {
                _all.TrySetResult();
            }

            return ValueTask.CompletedTask;
        });
    }

    public long Received => Interlocked.Read(ref _received);

    /// <summary>Messages that arrived after a later batch of the same device (MQTT orders one topic, but
    /// mosquitto promises in-order delivery only with max_inflight_messages 1).</summary>
    public long OutOfOrder => Interlocked.Read(ref _outOfOrder);

    /// <summary><see cref="System.Diagnostics.Stopwatch"/> timestamp of the latest delivery (0 before the first).</summary>
    public long LastDelivery => Interlocked.Read(ref _lastDelivery);

    /// <summary>Completes when every expected message was delivered.</summary>
    public Task AllDelivered => _all.Task;

    // Batch header: version, flags, then the batch id (u32 little-endian; docs/formats/events.md).
    private void CheckOrder(string topic, ReadOnlySpan<byte> payload)
    {
        var batchId = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(payload[2..]);
        lock (_lastBatch)
        {
            if (_lastBatch.TryGetValue(topic, out var last) && batchId < last)
            {
                Interlocked.Increment(ref _outOfOrder);
            }
            else
            {
                _lastBatch[topic] = batchId;
            }
        }
    }

    public async Task ConnectAsync()
    {
        await _client.ConnectAsync().ConfigureAwait(false);
        await _client.SubscribeAsync(DeviceTopics.AllDevices(_leaf), MqttQos.AtLeastOnce).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => _client.DisposeAsync();
}
