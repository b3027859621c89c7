using EdgeSecurity.Firmware.Core.Platform;
using EdgeSecurity.Firmware.Core.Topics;
using EdgeSecurity.Firmware.Core.Upload;
using EdgeSecurity.Mqtt;
using EdgeSecurity.Mqtt.Client;
using EdgeSecurity.Mqtt.Packets;

namespace EdgeSecurity.Bench.Ingest;

/// <summary>
/// The least a host can do and still close the device's loop: decode each batch and answer "stored" with the
/// device's MAC'd ack, without verifying, storing or alerting. Its rate is the ceiling of any host on the same
/// machine, broker and protocol (end-to-end acks through the broker, the devices' window), so it tells how
/// much of the gap to mosquitto's raw delivery is the protocol's and how much the host's work.
/// </summary>
internal sealed class AckOnlyResponder : IAsyncDisposable
{
    private readonly MqttClient _client;
    private readonly string _leaf;
    private readonly IReadOnlyDictionary<string, byte[]> _keys;
    private readonly IMacPrimitive _mac;
    private long _failures;

    public AckOnlyResponder(MqttClientOptions options, string leaf, IReadOnlyDictionary<string, byte[]> keys, IMacPrimitive mac)
    {
        _leaf = leaf;
        _keys = keys;
        _mac = mac;
        _client = new MqttClient(options, (message, _) =>
        {
            Answer(message.Topic, message.Payload.ToArray());
            return ValueTask.CompletedTask;
        });
    }

    /// <summary>Acks the broker did not confirm (the device would resend; the bench then stalls and reports it).</summary>
    public long Failures => Interlocked.Read(ref _failures);

    public async Task ConnectAsync()
    {
        await _client.ConnectAsync().ConfigureAwait(false);
        await _client.SubscribeAsync(DeviceTopics.AllDevices(_leaf), MqttQos.AtLeastOnce).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => _client.DisposeAsync();

    private void Answer(string topic, byte[] payload)
    {
        if (!DeviceTopics.TryGetDeviceId(topic, _leaf, out var deviceId) || !_keys.TryGetValue(deviceId, out var key))
        {
            throw new InvalidOperationException($"The ack-only responder got a message on '{topic}', which is not a bench device's {_leaf} topic.");
        }

        var batch = EventBatchCodec.Decode(payload);
        var last = batch.Entries[^1].Record.Sequence;
        var ack = EventAckCodec.Encode(_mac, key, new EventAck(AckStatus.Stored, batch.BatchId, last, 0));

        // Like the host: the ack is handed to the connection without waiting for the broker's PUBACK.
        _ = ObserveAsync(_client.PublishAsync(DeviceTopics.For(deviceId, DeviceTopics.Acks), ack, MqttQos.AtLeastOnce));
    }

    private async Task ObserveAsync(Task delivery)
    {
        try
        {
            await delivery.ConfigureAwait(false);
        }
        catch (MqttException)
        {
            Interlocked.Increment(ref _failures);
        }
    }
}
