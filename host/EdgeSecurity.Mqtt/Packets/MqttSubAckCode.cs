namespace EdgeSecurity.Mqtt.Packets;

/// <summary>SUBACK return code for one topic filter: the granted QoS, or failure (0x80).</summary>
public enum MqttSubAckCode : byte
{
    GrantedQos0 = 0,
    GrantedQos1 = 1,
    GrantedQos2 = 2,
    Failure = 0x80,
}
