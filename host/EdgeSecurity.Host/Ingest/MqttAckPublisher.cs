using EdgeSecurity.Firmware.Core.Topics;
using EdgeSecurity.Mqtt;
using EdgeSecurity.Mqtt.Client;
using EdgeSecurity.Mqtt.Packets;

namespace EdgeSecurity.Host.Ingest;

/// <summary>Publishes acks (QoS 1) on the ingest service's own connection, once it exists; see <see cref="IAckPublisher"/>.</summary>
public sealed partial class MqttAckPublisher(ILogger<MqttAckPublisher> logger) : IAckPublisher
{
    private MqttClient? _client;

    internal void Attach(MqttClient client) => _client = client;

    public Task PublishAckAsync(string deviceId, byte[] ack, CancellationToken cancellationToken)
    {
        var client = _client ?? throw new InvalidOperationException("The ingest connection is not established yet.");
        var delivery = client.PublishAsync(DeviceTopics.For(deviceId, DeviceTopics.Acks), ack, MqttQos.AtLeastOnce, retain: false, cancellationToken);
        if (delivery.IsFaulted)
        {
            // Failed before anything was sent (not connected, invalid topic): the caller must know.
            return delivery;
        }

        _ = ObserveAsync(deviceId, delivery);
        return Task.CompletedTask;
    }

    private async Task ObserveAsync(string deviceId, Task delivery)
    {
        try
        {
            await delivery.ConfigureAwait(false);
        }
        catch (Exception e) when (e is MqttException or OperationCanceledException)
        {
            LogAckLost(e, deviceId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "An ack to device {DeviceId} was not confirmed by the broker; the device will resend and be acked again")]
    private partial void LogAckLost(Exception exception, string deviceId);
}
