namespace EdgeSecurity.TestSupport.Mqtt;

/// <summary>A certificate and key a test MQTT client presents.</summary>
public sealed record MqttIdentity(string Name, string CertificatePath, string KeyPath);
