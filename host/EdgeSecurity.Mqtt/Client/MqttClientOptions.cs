using EdgeSecurity.Mqtt.Packets;

namespace EdgeSecurity.Mqtt.Client;

/// <summary>Everything a <see cref="MqttClient"/> needs to connect and how it behaves. Checked by <see cref="Validate"/>.</summary>
public sealed class MqttClientOptions
{
    public required string Host { get; init; }

    public int Port { get; init; } = 8883;

    public required string ClientId { get; init; }

    /// <summary>False (the default) asks the broker to keep the session (subscriptions, queued QoS 1 messages).</summary>
    public bool CleanSession { get; init; }

    /// <summary>Keepalive interval sent in CONNECT; zero turns keepalive and dead-connection detection off.</summary>
    public TimeSpan KeepAlive { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The connection is declared dead when no complete packet arrived for this long (default 1.5 × keepalive).
    /// </summary>
    public TimeSpan? DeadConnectionTimeout { get; init; }

    public string? Username { get; init; }

    public ReadOnlyMemory<byte>? Password { get; init; }

    public MqttWill? Will { get; init; }

    /// <summary>Null for plain TCP.</summary>
    public MqttTlsOptions? Tls { get; init; }

    /// <summary>Limit for TCP connect + TLS handshake + CONNACK.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Limit for a SUBACK or UNSUBACK.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Maximum number of QoS 1 publishes awaiting PUBACK; PublishAsync waits for a free slot.</summary>
    public int MaxInFlight { get; init; } = 256;

    /// <summary>Incoming packets larger than this (whole packet) close the connection with a protocol error.</summary>
    public int MaxIncomingPacketSize { get; init; } = MqttPacketDecoder.DefaultMaxPacketSize;

    /// <summary>How many messages the handler processes at once; messages of one topic are always handled in order.</summary>
    public int HandlerConcurrency { get; init; } = 1;

    /// <summary>Messages received but not yet handled, per handler lane, before the client stops reading the socket.</summary>
    public int HandlerQueueCapacity { get; init; } = 128;

    public MqttReconnectOptions Reconnect { get; init; } = new();

    internal TimeSpan EffectiveDeadConnectionTimeout => DeadConnectionTimeout ?? KeepAlive * 1.5;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        Require(!string.IsNullOrWhiteSpace(Host), nameof(Host), "is empty");
        Require(Port is > 0 and < 65536, nameof(Port), "is not a TCP port");
        Require(ClientId is not null && (ClientId.Length > 0 || CleanSession), nameof(ClientId), "is empty; a persistent session needs a client id");
        Require(ClientId is null || System.Text.Encoding.UTF8.GetByteCount(ClientId) <= ushort.MaxValue, nameof(ClientId), "is too long");
        Require(KeepAlive >= TimeSpan.Zero && KeepAlive.TotalSeconds <= ushort.MaxValue && KeepAlive.Ticks % TimeSpan.TicksPerSecond == 0, nameof(KeepAlive), "must be whole seconds from 0 to 65535");
        Require(DeadConnectionTimeout is null || DeadConnectionTimeout > KeepAlive, nameof(DeadConnectionTimeout), "must be longer than the keepalive");
        Require(Password is null || Username is not null, nameof(Password), "needs a user name (MQTT 3.1.1)");
        Require(ConnectTimeout > TimeSpan.Zero, nameof(ConnectTimeout), "must be positive");
        Require(RequestTimeout > TimeSpan.Zero, nameof(RequestTimeout), "must be positive");
        Require(MaxInFlight is >= 1 and <= 60_000, nameof(MaxInFlight), "must be between 1 and 60000");
        Require(MaxIncomingPacketSize is >= 16 and <= MqttPacketEncoder.MaxRemainingLength, nameof(MaxIncomingPacketSize), "is out of range");
        Require(HandlerConcurrency is >= 1 and <= 1024, nameof(HandlerConcurrency), "must be between 1 and 1024");
        Require(HandlerQueueCapacity >= 1, nameof(HandlerQueueCapacity), "must be positive");
        Require(Reconnect.InitialDelay > TimeSpan.Zero && Reconnect.MaxDelay >= Reconnect.InitialDelay, nameof(Reconnect), "delays must be positive and MaxDelay >= InitialDelay");
        if (Will is not null)
        {
            MqttTopic.ValidateName(Will.Topic, nameof(Will));
            Require(Will.Qos != MqttQos.ExactlyOnce, nameof(Will), "QoS 2 is not supported");
        }
    }

    private static void Require(bool condition, string setting, string problem)
    {
        if (!condition)
        {
            throw new ArgumentException($"MQTT client option {setting} {problem}.", setting);
        }
    }
}
