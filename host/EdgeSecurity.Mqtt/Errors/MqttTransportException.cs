namespace EdgeSecurity.Mqtt;

/// <summary>The network or TLS layer failed, or the broker closed the connection.</summary>
public sealed class MqttTransportException(string message, Exception? innerException = null) : MqttException(message, innerException);
