namespace EdgeSecurity.Mqtt;

/// <summary>Why bytes from the peer are not a valid MQTT 3.1.1 packet (or not one allowed here).</summary>
public enum MqttProtocolError
{
    ReservedPacketType,
    InvalidFixedHeaderFlags,
    MalformedRemainingLength,
    PacketTooLarge,
    InvalidLength,
    InvalidUtf8,
    InvalidTopicName,
    InvalidTopicFilter,
    InvalidQos,
    ZeroPacketId,
    UnsupportedProtocol,
    InvalidConnectFlags,
    InvalidConnAck,
    InvalidReturnCode,
    EmptyPayload,
    UnexpectedPacket,
    UnsupportedQos,
}
