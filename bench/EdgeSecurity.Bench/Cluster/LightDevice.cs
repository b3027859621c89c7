using System.Diagnostics;
using EdgeSecurity.Bench.Ingest;
using EdgeSecurity.Firmware.Core.Topics;
using EdgeSecurity.Mqtt;
using EdgeSecurity.Mqtt.Client;
using EdgeSecurity.Mqtt.Packets;

namespace EdgeSecurity.Bench.Cluster;

/// <summary>
/// A lightweight simulated device: one MQTT connection with the device's own TLS client certificate, its ack
/// subscription (what a real device holds on the broker), and, for the failover measurement, a small QoS 1
/// publish to its event leaf at a fixed interval. It does not run the firmware core, so thousands fit in one
/// process. It connects to one broker node at a time and, when the connection is lost, to the next node round
/// robin (as through a layer-4 balancer, decision 174) with the simulator's jittered backoff (200 ms doubling to 2 s).
/// </summary>
internal sealed class LightDevice : IAsyncDisposable
{
    private static readonly TimeSpan InitialRetry = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan MaxRetry = TimeSpan.FromSeconds(2);
    private static readonly byte[] Probe = new byte[16];
    private readonly BenchFleet _fleet;
    private readonly IReadOnlyList<int> _ports;
    private readonly bool _persistentSession;
    private readonly MqttClientOptions?[] _connections;
    private MqttClient? _client;
    private int _node;
    private long _lostAt;
    private long _resumedAt;
    private long _kill;

    public LightDevice(BenchFleet fleet, string deviceId, IReadOnlyList<int> ports, int homeNode, bool persistentSession)
    {
        _fleet = fleet;
        DeviceId = deviceId;
        _ports = ports;
        HomeNode = homeNode;
        _node = homeNode;
        _persistentSession = persistentSession;
        _connections = new MqttClientOptions?[ports.Count];
    }

    /// <summary>
    /// Loads the device's certificate and key for its home node before anything is timed: the bench's own PEM →
    /// PKCS#12 conversion costs more CPU than a TLS handshake and is no part of what a device does when it connects.
    /// </summary>
    public void Prepare() => _connections[_node] ??= Connection(_node);

    public string DeviceId { get; }

    /// <summary>The node the device connected to first.</summary>
    public int HomeNode { get; }

    /// <summary>Whether the connection broke after <see cref="MarkKill"/>.</summary>
    public bool LostConnection => Interlocked.Read(ref _lostAt) != 0;

    /// <summary>From the kill until the first broker PUBACK of a publish sent after it; null while none came.</summary>
    public TimeSpan? ResumedAfter => Interlocked.Read(ref _resumedAt) is var at and > 0 ? Stopwatch.GetElapsedTime(Interlocked.Read(ref _kill), at) : null;

    /// <summary>Connects to the current node and subscribes to the device's acks; the time it took (TCP, TLS, CONNECT, SUBSCRIBE).</summary>
    public async Task<TimeSpan> ConnectAsync()
    {
        var options = _connections[_node] ??= Connection(_node);
        var started = Stopwatch.GetTimestamp();
        var client = new MqttClient(options);
        try
        {
            await client.ConnectAsync().ConfigureAwait(false);
            await client.SubscribeAsync(DeviceTopics.For(DeviceId, DeviceTopics.Acks), MqttQos.AtLeastOnce).ConfigureAwait(false);
        }
        catch
        {
            await client.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        _client = client;
        return Stopwatch.GetElapsedTime(started);
    }

    /// <summary>The moment a node was killed: losses and resumptions are measured from here.</summary>
    public void MarkKill(long timestamp)
    {
        Interlocked.Exchange(ref _lostAt, 0);
        Interlocked.Exchange(ref _resumedAt, 0);
        Interlocked.Exchange(ref _kill, timestamp);
    }

    /// <summary>Publishes a probe every <paramref name="interval"/>; reconnects round robin whenever the connection is gone.</summary>
    public async Task PublishUntilAsync(TimeSpan interval, CancellationToken stop)
    {
        var topic = DeviceTopics.For(DeviceId, DeviceTopics.Events);
        var attempt = 0;
        while (!stop.IsCancellationRequested)
        {
            if (_client is not { IsConnected: true })
            {
                if (Interlocked.Read(ref _kill) != 0 && Interlocked.Read(ref _lostAt) == 0)
                {
                    Interlocked.Exchange(ref _lostAt, Stopwatch.GetTimestamp());
                }

                if (_client is not null)
                {
                    await _client.DisposeAsync().ConfigureAwait(false);
                    _client = null;
                    _node = (_node + 1) % _ports.Count;
                }

                try
                {
                    await ConnectAsync().ConfigureAwait(false);
                    attempt = 0;
                }
                catch (MqttException)
                {
                    _node = (_node + 1) % _ports.Count;
                    await DelayAsync(Backoff(attempt++), stop).ConfigureAwait(false);
                    continue;
                }
            }

            var sentAt = Stopwatch.GetTimestamp();
            try
            {
                await _client!.PublishAsync(topic, Probe, MqttQos.AtLeastOnce, cancellationToken: stop).WaitAsync(TimeSpan.FromSeconds(10), stop).ConfigureAwait(false);
                var kill = Interlocked.Read(ref _kill);
                if (kill != 0 && sentAt > kill && Interlocked.Read(ref _resumedAt) == 0)
                {
                    Interlocked.Exchange(ref _resumedAt, Stopwatch.GetTimestamp());
                }
            }
            catch (Exception e) when (e is MqttException or TimeoutException)
            {
                // Lost or stalled: the connection check above decides what happens next.
                continue;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }

            // Wait for the next publish, but notice a lost connection at once.
            var next = sentAt + (long)(interval.TotalSeconds * Stopwatch.Frequency);
            while (Stopwatch.GetTimestamp() < next && _client is { IsConnected: true } && !stop.IsCancellationRequested)
            {
                await DelayAsync(TimeSpan.FromMilliseconds(20), stop).ConfigureAwait(false);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_client is not null)
        {
            await _client.DisposeAsync().ConfigureAwait(false);
            _client = null;
        }
    }

    private MqttClientOptions Connection(int node) => _fleet.DeviceConnection(DeviceId, _ports[node], _persistentSession, autoReconnect: false);

    // Equal jitter like the MQTT client's own reconnect: between half and all of min(max, initial × 2^attempt).
    private static TimeSpan Backoff(int attempt)
    {
        var ceiling = Math.Min(InitialRetry.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 16)), MaxRetry.TotalMilliseconds);
        return TimeSpan.FromMilliseconds((ceiling / 2) + (Random.Shared.NextDouble() * ceiling / 2));
    }

    private static async Task DelayAsync(TimeSpan delay, CancellationToken stop)
    {
        try
        {
            await Task.Delay(delay, stop).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }
}
