using System.Collections.Concurrent;
using EdgeSecurity.Firmware.Core.Platform;
using EdgeSecurity.Mqtt.Client;
using EdgeSecurity.Mqtt.Packets;

namespace EdgeSecurity.Host.Tests.Support;

/// <summary>
/// The core's <see cref="IMessageTransport"/> over the project's MQTT client, so the device's real
/// journal and uploader talk to the host exactly as on a device (which uses M2Mqtt instead).
/// </summary>
internal sealed class MqttMessageTransport : IMessageTransport, IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, IMessageReceiver> _receivers = new(StringComparer.Ordinal);
    private readonly ConcurrentBag<Task> _publishes = [];
    private readonly MqttClient _client;

    private MqttMessageTransport(MqttClientOptions options)
    {
        _client = new MqttClient(options, (message, _) =>
        {
            if (_receivers.TryGetValue(message.Topic, out var receiver))
            {
                receiver.OnMessage(message.Topic, message.Payload.ToArray());
            }

            return ValueTask.CompletedTask;
        });
    }

    public bool IsConnected => _client.IsConnected;

    public static async Task<MqttMessageTransport> ConnectAsync(MqttClientOptions options)
    {
        var transport = new MqttMessageTransport(options);
        await transport._client.ConnectAsync();
        return transport;
    }

    public bool Publish(string topic, byte[] payload)
    {
        if (!_client.IsConnected)
        {
            return false;
        }

        // Never blocks: the client queues the QoS 1 publish; failures surface when the test disposes.
        _publishes.Add(_client.PublishAsync(topic, payload, MqttQos.AtLeastOnce));
        return true;
    }

    // The device subscribes to exact topics (docs/formats/topics.md), so receivers are looked up by topic.
    public void Subscribe(string topic, IMessageReceiver receiver)
    {
        _receivers[topic] = receiver;
        _client.SubscribeAsync(topic, MqttQos.AtLeastOnce).GetAwaiter().GetResult();
    }

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(_publishes);
        await _client.DisposeAsync();
    }
}
