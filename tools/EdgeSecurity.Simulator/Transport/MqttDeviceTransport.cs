using System.Collections.Concurrent;
using EdgeSecurity.Firmware.Core.Platform;
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
/// </summary>
public sealed class MqttDeviceTransport : IDeviceLink, IAsyncDisposable
{
    private readonly MqttClient _client;
    private readonly ConcurrentQueue<(string Topic, byte[] Payload)> _incoming = new();
    private readonly ConcurrentDictionary<string, IMessageReceiver> _receivers = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private Task? _connecting;
    private long _publishFailures;

    public MqttDeviceTransport(DevicePackage package, string? brokerAddress = null, int? brokerPort = null)
    {
        ArgumentNullException.ThrowIfNull(package);
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
                Reconnect = new MqttReconnectOptions { InitialDelay = TimeSpan.FromMilliseconds(200), MaxDelay = TimeSpan.FromSeconds(2) },
            },
            OnMessageAsync);
    }

    public bool IsConnected => _client.IsConnected;

    /// <summary>Publishes that failed locally (never reached the broker); the uploader resends after its ack timeout.</summary>
    public long PublishFailures => Interlocked.Read(ref _publishFailures);

    /// <summary>Starts connecting in the background, retrying until connected or disposed (a device keeps trying).</summary>
    public void Start() => _connecting ??= ConnectLoopAsync(_stop.Token);

    public bool Publish(string topic, byte[] payload)
    {
        if (!_client.IsConnected)
        {
            return false;
        }

        // Not awaited: the core must never block on the network. A lost publish is resent by the uploader.
        _ = PublishInBackgroundAsync(topic, payload);
        return true;
    }

    public void Subscribe(string topic, IMessageReceiver receiver)
    {
        _receivers[topic] = receiver;
        if (_client.IsConnected)
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

    /// <summary>Cuts the network connection (the client reconnects by itself), as a Wi-Fi drop would.</summary>
    public void DropConnection() => _client.DropConnection();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_connecting is not null)
        {
            await _connecting.ConfigureAwait(false);
        }

        await _client.DisposeAsync().ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task ConnectLoopAsync(CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromMilliseconds(200);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await _client.ConnectAsync(cancellationToken).ConfigureAwait(false);
                foreach (var topic in _receivers.Keys)
                {
                    await _client.SubscribeAsync(topic, MqttQos.AtLeastOnce, cancellationToken).ConfigureAwait(false);
                }

                return;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is MqttException or IOException or System.Security.Authentication.AuthenticationException or TimeoutException)
            {
                // The broker is not there yet (or refused): a device retries with back-off.
                if (_client.IsConnected)
                {
                    await _client.DisconnectAsync(CancellationToken.None).ConfigureAwait(false);
                }

                try
                {
                    await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 2000));
            }
        }
    }

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
        _incoming.Enqueue((message.Topic, message.Payload.ToArray()));
        return ValueTask.CompletedTask;
    }
}
