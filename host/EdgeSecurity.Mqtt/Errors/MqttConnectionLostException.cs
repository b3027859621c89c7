namespace EdgeSecurity.Mqtt;

/// <summary>
/// An operation could not complete because the connection it used went away; <see cref="Exception.InnerException"/>
/// is the reason the connection closed.
/// </summary>
public sealed class MqttConnectionLostException(string message, Exception? reason) : MqttException(message, reason);
