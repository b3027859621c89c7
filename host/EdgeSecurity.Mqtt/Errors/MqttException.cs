namespace EdgeSecurity.Mqtt;

/// <summary>Base type of every error the MQTT client reports.</summary>
public abstract class MqttException : Exception
{
    protected MqttException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
