using EdgeSecurity.Mqtt.Client;
using EdgeSecurity.Mqtt.Packets;
using EdgeSecurity.Pki.Topics;

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

    public RawSubscriber(MqttClientOptions options, string leaf, long expectedMessages)
    {
        _leaf = leaf;
        _expected = expectedMessages;
        _client = new MqttClient(options, (_, _) =>
        {
            Interlocked.Exchange(ref _lastDelivery, System.Diagnostics.Stopwatch.GetTimestamp());
            if (Interlocked.Increment(ref _received) == _expected)
            {
                _all.TrySetResult();
            }

            return ValueTask.CompletedTask;
        });
    }

    public long Received => Interlocked.Read(ref _received);

    /// <summary><see cref="System.Diagnostics.Stopwatch"/> timestamp of the latest delivery (0 before the first).</summary>
    public long LastDelivery => Interlocked.Read(ref _lastDelivery);

    /// <summary>Completes when every expected message was delivered.</summary>
    public Task AllDelivered => _all.Task;

    public async Task ConnectAsync()
    {
        await _client.ConnectAsync().ConfigureAwait(false);
        await _client.SubscribeAsync(DeviceTopics.AllDevices(_leaf), MqttQos.AtLeastOnce).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => _client.DisposeAsync();
}
