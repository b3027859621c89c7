using EdgeSecurity.Firmware.Core.Topics;

namespace EdgeSecurity.Broker.Cluster;

/// <summary>
/// Names the RabbitMQ deployment shares between its generated definitions, the broker authorizer and the
/// host. The MQTT plugin publishes device messages to <see cref="Exchange"/> with the MQTT topic as routing
/// key, '/' written as '.' (device ids and leaves contain no '.', so the mapping is reversible).
/// </summary>
public static class RabbitMqTopology
{
    /// <summary>The virtual host devices and hosts use (mqtt.vhost).</summary>
    public const string VirtualHost = "edgesec";

    /// <summary>The MQTT plugin's exchange: every device publish lands here.</summary>
    public const string Exchange = "amq.topic";

    /// <summary>Quorum queue with every device's events; host instances are its competing consumers.</summary>
    public const string EventsQueue = "edgesec.events";

    /// <summary>Quorum queue with every device's OTA reports and chunk requests.</summary>
    public const string OtaReportsQueue = "edgesec.ota-reports";

    /// <summary>Quorum queue with every device's command results (attestation answers, docs/attestation.md).</summary>
    public const string CommandResultsQueue = "edgesec.command-results";

    /// <summary>The queue the MQTT plugin creates for a persistent session's QoS 1 subscriptions of a client id.</summary>
    public static string DeviceSubscriptionQueuePrefix(string clientId) => "mqtt-subscription-" + clientId + "qos";

    /// <summary>The routing key of an MQTT topic.</summary>
    public static string RoutingKey(string topic) => topic.Replace('/', '.');

    /// <summary>The MQTT topic of a routing key the plugin produced.</summary>
    public static string Topic(string routingKey) => routingKey.Replace('.', '/');

    /// <summary>The binding key of one leaf of every device (one '*' for the device id level).</summary>
    public static string AllDevicesBindingKey(string leaf) => RoutingKey(DeviceTopics.AllDevices(leaf)).Replace('+', '*');

    /// <summary>The queues host instances consume and the device leaf each collects.</summary>
    public static IReadOnlyList<(string Queue, string Leaf)> HostQueues { get; } =
    [
        (EventsQueue, DeviceTopics.Events),
        (OtaReportsQueue, DeviceTopics.OtaReport),
        (CommandResultsQueue, DeviceTopics.CommandResults),
    ];
}
