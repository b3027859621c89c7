namespace EdgeSecurity.Broker.Configuration;

/// <summary>How to run the fleet broker: which PKI, where to listen, where to keep its data.</summary>
public sealed class BrokerOptions
{
    public const int DefaultPort = 8883;

    public const int DefaultServicePort = 8884;

    public required string PkiDirectory { get; init; }

    /// <summary>Address of the TLS listener (127.0.0.1 by default; 0.0.0.0 for a real fleet).</summary>
    public string ListenAddress { get; init; } = "127.0.0.1";

    /// <summary>Port of the TLS listener; 0 picks a free port when the supervisor starts.</summary>
    public int Port { get; init; } = DefaultPort;

    /// <summary>
    /// Address of the service listener, where host instances connect (127.0.0.1 by default). Client ids
    /// there are free (several host instances share one certificate), so only the hosts may reach it:
    /// keep it on loopback or on a network devices cannot reach.
    /// </summary>
    public string ServiceListenAddress { get; init; } = "127.0.0.1";

    /// <summary>Port of the service listener; 0 picks a free port when the supervisor starts.</summary>
    public int ServicePort { get; init; } = DefaultServicePort;

    /// <summary>Directory for mosquitto's persistence file, generated configuration and ACL.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>Largest MQTT packet accepted; bounds what one client can make the broker buffer.</summary>
    public int MaxPacketBytes { get; init; } = 1024 * 1024;

    /// <summary>How often (seconds) mosquitto saves its in-memory state (sessions, queued QoS 1 messages).</summary>
    public int AutosaveIntervalSeconds { get; init; } = 30;

    /// <summary>
    /// QoS 1 messages mosquitto queues per client beyond those in flight (its default, 1000, drops the rest):
    /// while the host restarts or falls behind, its session queues the fleet's batches. Dropped batches are
    /// not lost (devices resend what the host did not acknowledge) but cost resend rounds.
    /// </summary>
    public int MaxQueuedMessages { get; init; } = 20_000;

    /// <summary>Bytes mosquitto queues per client at most (bounds the memory one offline session can hold).</summary>
    public long MaxQueuedBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>Whether to write "user root" (mosquitto started as root otherwise drops to the mosquitto user and cannot read owner-only keys); null decides from the current process.</summary>
    public bool? RunAsRoot { get; init; }
}
