namespace EdgeSecurity.Mqtt.Packets;

/// <summary>Quality of service of a PUBLISH or of a subscription.</summary>
public enum MqttQos : byte
{
    AtMostOnce = 0,
    AtLeastOnce = 1,
    ExactlyOnce = 2,
}
