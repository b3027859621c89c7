namespace EdgeSecurity.Mqtt;

/// <summary>
/// The application's message handler failed. The message is not acknowledged; the client drops the connection
/// so that the broker delivers it again after the reconnect (persistent session).
/// </summary>
public sealed class MqttHandlerException(string topic, Exception innerException)
    : MqttException($"The message handler failed for a message on '{topic}'; the message was not acknowledged.", innerException)
{
    public string Topic { get; } = topic;
}
