namespace EdgeSecurity.TestSupport.Mqtt;

/// <summary>Where a test's command line MQTT peers connect: the broker's loopback TLS port and the CA that signed its certificate.</summary>
public interface IMqttBrokerAddress
{
    int Port { get; }

    string CaCertificate { get; }
}

/// <summary>A broker address given by value.</summary>
public sealed record MqttBrokerAddress(int Port, string CaCertificate) : IMqttBrokerAddress;
