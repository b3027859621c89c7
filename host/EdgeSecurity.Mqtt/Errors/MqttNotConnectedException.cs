namespace EdgeSecurity.Mqtt;

/// <summary>The operation needs a connection and the client has none (never connected, disconnected, or reconnecting for QoS 0).</summary>
public sealed class MqttNotConnectedException(string message) : MqttException(message);
