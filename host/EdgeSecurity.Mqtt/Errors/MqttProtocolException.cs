namespace EdgeSecurity.Mqtt;

/// <summary>The peer sent bytes that violate MQTT 3.1.1; the connection is closed.</summary>
public sealed class MqttProtocolException : MqttException
{
    public MqttProtocolException(MqttProtocolError reason, string detail)
        : base($"MQTT protocol violation ({reason}): {detail}")
    {
        Reason = reason;
    }

    public MqttProtocolError Reason { get; }
}
