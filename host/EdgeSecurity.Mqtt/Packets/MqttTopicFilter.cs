namespace EdgeSecurity.Mqtt.Packets;

/// <summary>One entry of a SUBSCRIBE: a topic filter (wildcards allowed) and the maximum QoS wanted.</summary>
public sealed record MqttTopicFilter(string Filter, MqttQos MaximumQos = MqttQos.AtLeastOnce);
