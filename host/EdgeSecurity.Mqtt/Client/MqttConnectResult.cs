namespace EdgeSecurity.Mqtt.Client;

/// <summary>Outcome of a successful connect: whether the broker still had this client's session.</summary>
public sealed record MqttConnectResult(bool SessionPresent);
