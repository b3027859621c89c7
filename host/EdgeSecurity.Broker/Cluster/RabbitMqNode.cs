namespace EdgeSecurity.Broker.Cluster;

/// <summary>
/// One node of the cluster: its Erlang node name (name@host) and its listeners. Nodes on separate machines
/// use the default ports; nodes sharing a machine (tests, a demo) need ports of their own.
/// </summary>
public sealed record RabbitMqNode(string Name, int MqttPort = RabbitMqNode.DefaultMqttPort, int AmqpPort = RabbitMqNode.DefaultAmqpPort, int AuthPort = RabbitMqNode.DefaultAuthPort)
{
    public const int DefaultMqttPort = 8883;
    public const int DefaultAmqpPort = 5671;
    public const int DefaultAuthPort = 8885;

    /// <summary>The short name before '@', used for the node's file names.</summary>
    public string ShortName => Name.Split('@')[0];
}
