using EdgeSecurity.Firmware.Core.Topics;
using EdgeSecurity.Mqtt;
using EdgeSecurity.Mqtt.Client;
using EdgeSecurity.Mqtt.Packets;

namespace EdgeSecurity.Host.Ota.Delivery;

/// <summary>Publishes offers and chunks (QoS 1) on the OTA connection once it exists, as <see cref="Ingest.MqttAckPublisher"/> does for acks.</summary>
public sealed partial class MqttOtaPublisher(ILogger<MqttOtaPublisher> logger) : IOtaPublisher
{
    private MqttClient? _client;

    internal void Attach(MqttClient client) => _client = client;

    public Task PublishAsync(string deviceId, string leaf, byte[] payload, CancellationToken cancellationToken)
    {
        var client = _client ?? throw new InvalidOperationException("The OTA connection is not established yet.");
        var delivery = client.PublishAsync(DeviceTopics.For(deviceId, leaf), payload, MqttQos.AtLeastOnce, retain: false, cancellationToken);
        if (delivery.IsFaulted)
        {
            return delivery;
        }

        _ = ObserveAsync(deviceId, leaf, delivery);
        return Task.CompletedTask;
    }

    // A lost offer or chunk is repaired by the protocol (re-offer, re-request); it is only logged.
    private async Task ObserveAsync(string deviceId, string leaf, Task delivery)
    {
        try
        {
            await delivery.ConfigureAwait(false);
        }
        catch (Exception e) when (e is MqttException or OperationCanceledException)
        {
            LogLost(e, leaf, deviceId);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "An OTA {Leaf} message to device {DeviceId} was not confirmed by the broker")]
    private partial void LogLost(Exception exception, string leaf, string deviceId);
}
