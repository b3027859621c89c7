using EdgeSecurity.Mqtt.Packets;

namespace EdgeSecurity.Mqtt;

/// <summary>The broker answered CONNECT with a non-zero return code.</summary>
public sealed class MqttConnectionRefusedException(MqttConnectReturnCode returnCode)
    : MqttException($"The broker refused the connection: {Describe(returnCode)} (CONNACK return code {(byte)returnCode}).")
{
    public MqttConnectReturnCode ReturnCode { get; } = returnCode;

    private static string Describe(MqttConnectReturnCode code) => code switch
    {
        MqttConnectReturnCode.UnacceptableProtocolVersion => "it does not speak MQTT 3.1.1",
        MqttConnectReturnCode.IdentifierRejected => "the client identifier is not allowed",
        MqttConnectReturnCode.ServerUnavailable => "the MQTT service is unavailable",
        MqttConnectReturnCode.BadUsernameOrPassword => "the user name or password is malformed or wrong",
        MqttConnectReturnCode.NotAuthorized => "this client is not authorized to connect",
        _ => "unknown reason",
    };
}
