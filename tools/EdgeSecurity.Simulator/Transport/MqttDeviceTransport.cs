using System.Collections.Concurrent;
using EdgeSecurity.Firmware.Core.Agent;
using EdgeSecurity.Firmware.Core.Platform;
using EdgeSecurity.Firmware.Core.Topics;
using EdgeSecurity.Mqtt;
using EdgeSecurity.Mqtt.Client;
using EdgeSecurity.Mqtt.Packets;
using EdgeSecurity.Simulator.Device;
using EdgeSecurity.Simulator.Provisioning;

namespace EdgeSecurity.Simulator.Transport;

/// <summary>
/// The device side of <see cref="IMessageTransport"/> over the project's MQTT client: mutual TLS with the
/// device certificate, QoS 1, persistent session (clean session off, client id = device id). Incoming
/// messages are queued and handed to the receivers only by <see cref="DeliverPending"/>, on the thread that
/// runs the device, because the device core is single-threaded.
/// Broker and host outages are emulated here, as the device sees them (the simulator owns neither the
/// broker nor the host, which may serve others): see <see cref="BeginBrokerOutage"/> and <see cref="BeginHostOutage"/>.
/// </summary>
public sealed class MqttDeviceTransport : IDeviceLink, IAsyncDisposable
{
    // One back-off for every way the device retries: its own connects, the client's reconnects, and the
    // attempts refused during an emulated broker outage.
    private static readonly TimeSpan RetryInitialDelay = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan RetryMaxDelay = TimeSpan.FromSeconds(2);
    private readonly MqttClient _client;
    private readonly TimeProvider _time;
    private readonly string _ackTopic;
    private readonly ConcurrentQueue<(string Topic, byte[] Payload)> _incoming = new();
    private readonly ConcurrentDictionary<string, IMessageReceiver> _receivers = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _brokerOutageBegan = new(0);
    private readonly ConcurrentQueue<ConnectAttemptFailure> _failedAttempts = new();
    private readonly string _endpoint;
    private Task? _supervising;
    private long _publishes;
    private long _publishFailures;
    private long _acksWithheld;
    private long _connects;

    public MqttDeviceTransport(DevicePackage package, string? brokerAddress = null, int? brokerPort = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(package);
        _time = time ?? TimeProvider.System;
        _ackTopic = DeviceTopics.For(package.DeviceId, DeviceTopics.Acks);
        BrokerOutage = new LinkOutage(_time);
        HostOutage = new LinkOutage(_time);
        _endpoint = $"{package.BrokerHost}:{brokerPort ?? package.BrokerPort}";
        _client = new MqttClient(
            new MqttClientOptions
            {
                Host = brokerAddress ?? package.BrokerHost,
                Port = brokerPort ?? package.BrokerPort,
                ClientId = package.DeviceId,
                CleanSession = false,
                KeepAlive = TimeSpan.FromSeconds(30),
                MaxInFlight = 16,
                Tls = new MqttTlsOptions
                {
                    CaCertificate = package.LoadCaCertificate(),
                    ClientCertificate = package.LoadClientCertificate(),
                    TargetHost = package.BrokerHost,
                },
                Reconnect = new MqttReconnectOptions
                {
                    InitialDelay = RetryInitialDelay,
                    MaxDelay = RetryMaxDelay,
                    AttemptFailed = failure => _failedAttempts.Enqueue(ConnectAttemptFailure.From(failure)),
                },
            },
            OnMessageAsync);
    }

    /// <summary>Connected to the broker; false throughout a broker outage, whatever the socket does.</summary>
    public bool IsConnected => _client.IsConnected && !BrokerOutage.IsActive;

    /// <summary>The emulated broker outage (<see cref="BeginBrokerOutage"/>).</summary>
    public LinkOutage BrokerOutage { get; }

    /// <summary>The emulated host outage (<see cref="BeginHostOutage"/>).</summary>
    public LinkOutage HostOutage { get; }

    /// <summary>Publishes the link accepted from the uploader (first sends and resends alike).</summary>
    public long Publishes => Interlocked.Read(ref _publishes);

    /// <summary>Publishes that failed locally (never reached the broker); the uploader resends after its ack timeout.</summary>
    public long PublishFailures => Interlocked.Read(ref _publishFailures);

    /// <summary>Acks that arrived during a host outage and were discarded.</summary>
    public long AcksWithheld => Interlocked.Read(ref _acksWithheld);

    /// <summary>Connections opened to the broker: the link's own connects plus the client's automatic reconnects.</summary>
    public long Connections => Interlocked.Read(ref _connects) + _client.ReconnectCount;

    /// <summary>Starts connecting in the background, retrying until connected or disposed (a device keeps trying).</summary>
    public void Start() => _supervising ??= SuperviseAsync(_stop.Token);

    /// <summary>
    /// Sees every publish the link accepted, synchronously on the device's thread (so the device's state is
    /// the one it published from); tests use it to watch what a device asks for.
    /// </summary>
    public Action<string, byte[]>? Publishing { get; set; }

    public bool Publish(string topic, byte[] payload)
    {
        if (!IsConnected)
        {
            return false;
        }

        // Not awaited: the core must never block on the network. A lost publish is resent by the uploader.
        Interlocked.Increment(ref _publishes);
        Publishing?.Invoke(topic, payload);
        _ = PublishInBackgroundAsync(topic, payload);
        return true;
    }

    public void Subscribe(string topic, IMessageReceiver receiver)
    {
        _receivers[topic] = receiver;
        if (IsConnected)
        {
            _ = SubscribeInBackgroundAsync(topic);
        }
    }

    /// <summary>Hands queued messages to their receivers; returns how many.</summary>
    public int DeliverPending()
    {
        var count = 0;
        while (_incoming.TryDequeue(out var message))
        {
            if (_receivers.TryGetValue(message.Topic, out var receiver))
            {
                receiver.OnMessage(message.Topic, message.Payload);
                count++;
            }
        }

        return count;
    }

    /// <summary>
    /// Hands the failed connection attempts since the last call to <paramref name="connections"/> (the agent
    /// records them), then tells it when the link is up; called by the device loop only.
    /// </summary>
    public void ReportConnectionAttempts(ConnectionFailureReporter connections)
    {
        ArgumentNullException.ThrowIfNull(connections);
        while (_failedAttempts.TryDequeue(out var failure))
        {
            connections.OnAttemptFailed(_endpoint, failure.ResultCode, failure.Reason, failure.Authentication);
        }

        if (IsConnected)
        {
            connections.OnConnected();
        }
    }

    /// <summary>Cuts the network connection (the client reconnects by itself), as a Wi-Fi drop would.</summary>
    public void DropConnection() => _client.DropConnection();

    /// <summary>
    /// The broker is unreachable for <paramref name="length"/>: the connection breaks now (without DISCONNECT,
    /// as when the broker dies), publishing fails, and no reconnect is attempted until the outage is over;
    /// then the link connects again with its persistent session and the uploader resends what is not
    /// acknowledged. A second outage during one lasts until the later end.
    /// </summary>
    public void BeginBrokerOutage(TimeSpan length)
    {
        BrokerOutage.Begin(length);
        _client.DropConnection();

        // The supervisor stops the client's own reconnects and waits the outage out.
        _brokerOutageBegan.Release();
    }

    /// <summary>
    /// The host is silent for <paramref name="length"/>: the connection stays up and publishes reach the
    /// broker (and the host, which stores them), but acks arriving on the device's ack topic are discarded, so
    /// the uploader resends after its ack timeout and the host sees duplicates.
    /// </summary>
    public void BeginHostOutage(TimeSpan length) => HostOutage.Begin(length);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_supervising is not null)
        {
            await _supervising.ConfigureAwait(false);
        }

        await _client.DisposeAsync().ConfigureAwait(false);
        _brokerOutageBegan.Dispose();
        _stop.Dispose();
    }

    /// <summary>Keeps the link connected outside broker outages, and disconnected during them.</summary>
    private async Task SuperviseAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await ConnectAsync(cancellationToken).ConfigureAwait(false);
                await _brokerOutageBegan.WaitAsync(cancellationToken).ConfigureAwait(false);
                while (_brokerOutageBegan.Wait(0))
                {
                    // Outages begun together are waited out together (LinkOutage keeps the latest end).
                }

                // Dropped again in case the client reconnected by itself meanwhile; disconnecting ends its
                // reconnect attempts (and fails its unacknowledged publishes: the uploader resends them).
                _client.DropConnection();
                await _client.DisconnectAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Disposed.
        }
    }

    /// <summary>Waits out a broker outage, then connects and subscribes, retrying with back-off until it works.</summary>
    private async Task ConnectAsync(CancellationToken cancellationToken)
    {
        var delay = RetryInitialDelay;
        while (true)
        {
            // The device keeps trying while its broker is away, with the same back-off; each attempt fails as a
            // connection to a host with nothing listening would, and the attempt after the outage gets through.
            var outageDelay = RetryInitialDelay;
            for (var left = BrokerOutage.Remaining; left > TimeSpan.Zero; left = BrokerOutage.Remaining)
            {
                _failedAttempts.Enqueue(ConnectAttemptFailure.BrokerOutage);
                await Task.Delay(left < outageDelay ? left : outageDelay, _time, cancellationToken).ConfigureAwait(false);
                outageDelay = Doubled(outageDelay);
            }

            try
            {
                await _client.ConnectAsync(cancellationToken).ConfigureAwait(false);
                Interlocked.Increment(ref _connects);
                foreach (var topic in _receivers.Keys)
                {
                    await _client.SubscribeAsync(topic, MqttQos.AtLeastOnce, cancellationToken).ConfigureAwait(false);
                }

                return;
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested
                && e is MqttException or IOException or System.Security.Authentication.AuthenticationException or TimeoutException)
            {
                // The broker is not there yet (or refused): a device records it and retries with back-off.
                // Disconnecting puts the client back to idle whether or not the connect got through.
                _failedAttempts.Enqueue(ConnectAttemptFailure.From(e));
                await _client.DisconnectAsync(CancellationToken.None).ConfigureAwait(false);
                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
                delay = Doubled(delay);
            }
        }
    }

    private static TimeSpan Doubled(TimeSpan delay) => delay * 2 < RetryMaxDelay ? delay * 2 : RetryMaxDelay;

    private async Task PublishInBackgroundAsync(string topic, byte[] payload)
    {
        try
        {
            await _client.PublishAsync(topic, payload, MqttQos.AtLeastOnce, cancellationToken: _stop.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is MqttException or OperationCanceledException or ObjectDisposedException)
        {
            Interlocked.Increment(ref _publishFailures);
        }
    }

    private async Task SubscribeInBackgroundAsync(string topic)
    {
        try
        {
            await _client.SubscribeAsync(topic, MqttQos.AtLeastOnce, _stop.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is MqttException or OperationCanceledException or ObjectDisposedException)
        {
            // Subscribed again by the connect loop or kept by the persistent session.
            Interlocked.Increment(ref _publishFailures);
        }
    }

    private ValueTask OnMessageAsync(MqttApplicationMessage message, CancellationToken cancellationToken)
    {
        if (message.Topic == _ackTopic && HostOutage.IsActive)
        {
            // The host is "down": this ack never left it, as far as the device can tell. Returning normally
            // lets the client acknowledge it to the broker, so it is not redelivered either.
            Interlocked.Increment(ref _acksWithheld);
            return ValueTask.CompletedTask;
        }

        _incoming.Enqueue((message.Topic, message.Payload.ToArray()));
        return ValueTask.CompletedTask;
    }
}
