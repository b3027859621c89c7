using System.Threading.Channels;
using EdgeSecurity.Broker.Cluster;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace EdgeSecurity.Host.Hosting.RabbitMq;

/// <summary>
/// Consumes one of the cluster's host queues as a competing consumer: every host instance consumes the same
/// queue and the broker gives each message to one of them. Messages are handled on lanes keyed by routing key
/// (one device's messages one at a time, in the order this instance received them) and acknowledged only after
/// the handler returned, so a message whose handler failed, or whose host died, goes back to the queue.
/// </summary>
public abstract partial class RabbitMqQueueConsumer(RabbitMqSession session, ushort prefetch, ILogger logger) : IHostedService, IAsyncDisposable, IIngestConnection
{
    private const int LaneCapacity = 64;
    private readonly CancellationTokenSource _stopping = new();
    private IChannel? _channel;
    private Channel<BasicDeliverEventArgs>[] _lanes = [];
    private Task[] _workers = [];
    private long _handled;

    /// <summary>The queue this consumer takes messages from.</summary>
    protected abstract string Queue { get; }

    /// <summary>Messages handled at once.</summary>
    protected abstract int HandlerConcurrency { get; }

    public bool IsConnected => session.IsOpen && (_channel?.IsOpen ?? false);

    /// <summary>Messages handled and acknowledged by this instance.</summary>
    public long Handled => Interlocked.Read(ref _handled);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _channel = await session.Connection.CreateChannelAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        try
        {
            // The queue comes from the generated definitions; a missing one is a deployment error, not something to create here.
            await _channel.QueueDeclarePassiveAsync(Queue, cancellationToken).ConfigureAwait(false);
        }
        catch (RabbitMQ.Client.Exceptions.OperationInterruptedException e)
        {
            throw new Configuration.HostConfigurationException(
                $"The RabbitMQ queue '{Queue}' does not exist in virtual host '{RabbitMqTopology.VirtualHost}' ({e.ShutdownReason?.ReplyText}). Import the definitions written by 'edgesec broker rabbitmq config' (rabbitmqctl import_definitions).",
                e);
        }

        await _channel.BasicQosAsync(0, prefetch, global: false, cancellationToken).ConfigureAwait(false);
        int concurrency = Math.Max(1, HandlerConcurrency);
        _lanes = new Channel<BasicDeliverEventArgs>[concurrency];
        _workers = new Task[concurrency];
        for (int i = 0; i < concurrency; i++)
        {
            var lane = Channel.CreateBounded<BasicDeliverEventArgs>(new BoundedChannelOptions(LaneCapacity) { SingleReader = true });
            _lanes[i] = lane;
            _workers[i] = Task.Run(() => RunLaneAsync(lane));
        }

        var consumer = new AsyncEventingBasicConsumer(_channel);
        consumer.ReceivedAsync += EnqueueAsync;
        await _channel.BasicConsumeAsync(Queue, autoAck: false, consumer, cancellationToken).ConfigureAwait(false);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_channel is { IsOpen: true } channel)
        {
            // Unacknowledged messages return to the queue for the other instances.
            await channel.CloseAsync(cancellationToken).ConfigureAwait(false);
        }

        foreach (var lane in _lanes)
        {
            lane.Writer.TryComplete();
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_workers).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        var owned = Interlocked.Exchange(ref _channel, null);
        if (owned is not null)
        {
            await owned.DisposeAsync().ConfigureAwait(false);
        }

        _stopping.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Handles one message; <paramref name="topic"/> is the device's MQTT topic.</summary>
    protected abstract Task HandleAsync(string topic, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken);

    private Task EnqueueAsync(object sender, BasicDeliverEventArgs delivery)
    {
        // The body buffer belongs to the client only during this call: keep a copy.
        var copy = new BasicDeliverEventArgs(delivery.ConsumerTag, delivery.DeliveryTag, delivery.Redelivered, delivery.Exchange, delivery.RoutingKey, delivery.BasicProperties, delivery.Body.ToArray(), delivery.CancellationToken);
        var lane = _lanes[(int)((uint)StringComparer.Ordinal.GetHashCode(delivery.RoutingKey) % (uint)_lanes.Length)];
        return lane.Writer.WriteAsync(copy, _stopping.Token).AsTask();
    }

    private async Task RunLaneAsync(Channel<BasicDeliverEventArgs> lane)
    {
        var token = _stopping.Token;
        await foreach (var delivery in lane.Reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
        {
            var channel = _channel;
            if (token.IsCancellationRequested || channel is null)
            {
                continue; // not acknowledged: the queue still owns it
            }

            try
            {
                await HandleAsync(RabbitMqTopology.Topic(delivery.RoutingKey), delivery.Body, token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !token.IsCancellationRequested)
            {
                LogHandlerFailed(e, delivery.RoutingKey);
                await SettleAsync(channel, delivery.DeliveryTag, acknowledge: false).ConfigureAwait(false);
                continue;
            }
            catch (OperationCanceledException)
            {
                continue;
            }

            await SettleAsync(channel, delivery.DeliveryTag, acknowledge: true).ConfigureAwait(false);
            Interlocked.Increment(ref _handled);
        }
    }

    // After a connection recovery the client drops settlements of deliveries from the lost connection; the
    // broker has already put those back in the queue, and the duplicate is harmless (store dedupe, re-ack).
    private async Task SettleAsync(IChannel channel, ulong deliveryTag, bool acknowledge)
    {
        try
        {
            if (acknowledge)
            {
                await channel.BasicAckAsync(deliveryTag, multiple: false).ConfigureAwait(false);
            }
            else
            {
                await channel.BasicNackAsync(deliveryTag, multiple: false, requeue: true).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is RabbitMQ.Client.Exceptions.AlreadyClosedException or ObjectDisposedException)
        {
            LogSettleLost(e, deliveryTag);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Handling a message with routing key {RoutingKey} failed; it goes back to the queue")]
    private partial void LogHandlerFailed(Exception exception, string routingKey);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Delivery {DeliveryTag} could not be settled (connection lost); the broker delivers it again")]
    private partial void LogSettleLost(Exception exception, ulong deliveryTag);
}
