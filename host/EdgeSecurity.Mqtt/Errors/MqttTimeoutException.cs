namespace EdgeSecurity.Mqtt;

/// <summary>The broker did not answer in time (connect, CONNACK, SUBACK, keepalive).</summary>
public sealed class MqttTimeoutException(string message) : MqttException(message);
