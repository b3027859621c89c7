using System.Threading.Channels;
using EdgeSecurity.Mqtt.Packets;

namespace EdgeSecurity.Mqtt.Client;

/// <summary>
/// Runs the application's handler on incoming messages with bounded concurrency: one lane per concurrency
/// slot, a topic always maps to the same lane, so messages of one topic are handled one at a time in arrival
/// order. A QoS 1 message is acknowledged on the connection it came from only after its handler succeeded;
/// if that connection is gone, no acknowledgement is sent and the broker delivers the message again.
/// </summary>
internal sealed class IncomingDispatcher : IAsyncDisposable
{
    private readonly MqttMessageHandler _handler;
    private readonly Channel<Delivery>[] _lanes;
    private readonly Task[] _workers;
    private readonly CancellationTokenSource _stopping = new();

    public IncomingDispatcher(MqttMessageHandler handler, int concurrency, int queueCapacity)
    {
        _handler = handler;
        _lanes = new Channel<Delivery>[concurrency];
        _workers = new Task[concurrency];
        for (var i = 0; i < concurrency; i++)
        {
            _lanes[i] = Channel.CreateBounded<Delivery>(new BoundedChannelOptions(queueCapacity) { SingleReader = true });
            var lane = _lanes[i];
            _workers[i] = Task.Run(() => RunLaneAsync(lane));
        }
    }

    /// <summary>Queues a message; waits (which stops the connection's reading) while its lane is full.</summary>
    public ValueTask EnqueueAsync(PublishPacket publish, MqttConnection source, CancellationToken cancellationToken)
    {
        var lane = _lanes.Length == 1 ? _lanes[0] : _lanes[(int)((uint)StringComparer.Ordinal.GetHashCode(publish.Topic) % (uint)_lanes.Length)];
        return lane.Writer.WriteAsync(new Delivery(publish, source), cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var lane in _lanes)
        {
            lane.Writer.TryComplete();
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_workers).ConfigureAwait(false);
        _stopping.Dispose();
    }

    private async Task RunLaneAsync(Channel<Delivery> lane)
    {
        var token = _stopping.Token;
        await foreach (var delivery in lane.Reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
        {
            if (token.IsCancellationRequested || delivery.Source.IsClosed)
            {
                // Not handled and not acknowledged: the broker still owns the message.
                continue;
            }

            var publish = delivery.Publish;
            try
            {
                await _handler(new MqttApplicationMessage(publish.Topic, publish.Payload, publish.Qos, publish.Retain, publish.Dup), token).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                delivery.Source.Abort(new MqttHandlerException(publish.Topic, ex));
                continue;
            }

            if (publish.Qos == MqttQos.AtLeastOnce)
            {
                await AcknowledgeAsync(delivery.Source, publish.PacketId, token).ConfigureAwait(false);
            }
        }
    }

    private static async ValueTask AcknowledgeAsync(MqttConnection source, ushort packetId, CancellationToken token)
    {
        try
        {
            await source.SendAsync(new PacketIdPacket(MqttPacketType.PubAck, packetId), token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is MqttConnectionLostException or OperationCanceledException)
        {
            // The connection (or the client) went away first: without PUBACK the broker redelivers the message.
            return;
        }
    }

    private readonly record struct Delivery(PublishPacket Publish, MqttConnection Source);
}
