namespace EdgeSecurity.Broker.Cluster;

/// <summary>What the cluster's generated configuration is made from.</summary>
public sealed class RabbitMqClusterOptions
{
    public required string PkiDirectory { get; init; }

    /// <summary>Where the configuration files are written.</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>At least three nodes: a quorum queue survives the loss of a minority.</summary>
    public required IReadOnlyList<RabbitMqNode> Nodes { get; init; }

    /// <summary>Address of the device listener (MQTT over TLS).</summary>
    public string MqttListenAddress { get; init; } = "0.0.0.0";

    /// <summary>Address of the AMQP over TLS listener host instances use: keep it off the device network.</summary>
    public string AmqpListenAddress { get; init; } = "127.0.0.1";

    /// <summary>How long a node caches an authorizer answer: a revocation takes effect within this time.</summary>
    public TimeSpan AuthCacheTtl { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Largest message a client may publish (RabbitMQ's max_message_size, which the MQTT plugin applies to
    /// each PUBLISH): the embedded mosquitto's packet limit, so a device cannot put more into the replicated
    /// queues on a cluster than on a single broker. RabbitMQ's own default is 128 MiB.
    /// </summary>
    public int MaxMessageBytes { get; init; } = 1024 * 1024;

    /// <summary>Replicas of each quorum queue (the node count when larger).</summary>
    public int QuorumSize { get; init; } = 3;
}
