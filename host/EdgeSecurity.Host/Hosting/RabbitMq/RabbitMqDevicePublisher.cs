using EdgeSecurity.Broker.Cluster;
using EdgeSecurity.Firmware.Core.Topics;
using EdgeSecurity.Host.Ingest;
using EdgeSecurity.Host.Ota.Delivery;
using RabbitMQ.Client;

namespace EdgeSecurity.Host.Hosting.RabbitMq;

/// <summary>
/// Publishes host → device messages (acks, OTA offers and chunks) to the topic exchange with the device
/// topic as routing key; the MQTT plugin delivers them to the device's session. No publisher confirms: like
/// the MQTT publishers it does not wait for the broker, and a lost ack or chunk is repaired by the protocols
/// (the device resends, the host re-offers). With confirm tracking on, one node-kill end-to-end run stopped
/// acknowledging every device at once; confirms lost in the failover stalling the channel is the suspected cause.
/// </summary>
public sealed partial class RabbitMqDevicePublisher(RabbitMqSession session, ILogger<RabbitMqDevicePublisher> logger) : IAckPublisher, IOtaPublisher, IHostedService, IAsyncDisposable
{
    private static readonly BasicProperties Persistent = new() { DeliveryMode = DeliveryModes.Persistent };
    private IChannel? _channel;

    public async Task StartAsync(CancellationToken cancellationToken) =>
        _channel = await session.Connection.CreateChannelAsync(cancellationToken: cancellationToken).ConfigureAwait(false);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        var owned = Interlocked.Exchange(ref _channel, null);
        if (owned is not null)
        {
            await owned.DisposeAsync().ConfigureAwait(false);
        }
    }

    public Task PublishAckAsync(string deviceId, byte[] ack, CancellationToken cancellationToken) =>
        PublishAsync(deviceId, DeviceTopics.Acks, ack, cancellationToken);

    public Task PublishAsync(string deviceId, string leaf, byte[] payload, CancellationToken cancellationToken)
    {
        var channel = _channel ?? throw new InvalidOperationException("The RabbitMQ publisher channel is not open yet.");
        string routingKey = RabbitMqTopology.RoutingKey(DeviceTopics.For(deviceId, leaf));
        var delivery = channel.BasicPublishAsync(RabbitMqTopology.Exchange, routingKey, mandatory: false, Persistent, payload, cancellationToken).AsTask();
        if (delivery.IsFaulted)
        {
            return delivery;
        }

        _ = ObserveAsync(deviceId, leaf, delivery);
        return Task.CompletedTask;
    }

    private async Task ObserveAsync(string deviceId, string leaf, Task delivery)
    {
        try
        {
            await delivery.ConfigureAwait(false);
        }
        catch (Exception e) when (e is RabbitMQ.Client.Exceptions.RabbitMQClientException or RabbitMQ.Client.Exceptions.OperationInterruptedException or OperationCanceledException or ObjectDisposedException)
        {
            LogLost(e, leaf, deviceId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A {Leaf} message to device {DeviceId} was not confirmed by the cluster; the protocol repeats it")]
    private partial void LogLost(Exception exception, string leaf, string deviceId);
}
