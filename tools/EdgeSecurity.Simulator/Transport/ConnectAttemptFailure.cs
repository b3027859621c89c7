using System.Net.Sockets;
using System.Security.Authentication;
using EdgeSecurity.Mqtt;
using EdgeSecurity.Mqtt.Packets;

namespace EdgeSecurity.Simulator.Transport;

/// <summary>
/// A failed attempt to reach the broker, in the terms the device records it (connection- or
/// authentication-failure event): a result code and a short reason, never the exception's whole text.
/// </summary>
/// <param name="ResultCode">CONNACK return code when the broker refused; the socket error code when it could not
/// be reached; -1 for a failed TLS handshake, -2 for a timeout, -3 for a connection closed during connect.</param>
public sealed record ConnectAttemptFailure(int ResultCode, string Reason, bool Authentication)
{
    /// <summary>An attempt during an emulated broker outage: refused as by a host with nothing listening.</summary>
    public static readonly ConnectAttemptFailure BrokerOutage =
        new((int)SocketError.ConnectionRefused, "cannot reach the broker: ConnectionRefused (emulated outage)", Authentication: false);

    public static ConnectAttemptFailure From(Exception failure) => failure switch
    {
        MqttConnectionRefusedException refused => new(
            (int)refused.ReturnCode,
            $"the broker refused the connection: {refused.ReturnCode}",
            refused.ReturnCode is MqttConnectReturnCode.BadUsernameOrPassword or MqttConnectReturnCode.NotAuthorized),
        MqttTransportException { InnerException: SocketException socket } => new((int)socket.SocketErrorCode, $"cannot reach the broker: {socket.SocketErrorCode}", false),
        MqttTransportException { InnerException: AuthenticationException } => new(-1, "TLS handshake failed", true),
        MqttTimeoutException or TimeoutException => new(-2, "the broker did not answer in time", false),
        MqttConnectionLostException or MqttTransportException or IOException => new(-3, "the connection closed while connecting", false),
        _ => new(-4, "connect failed: " + failure.GetType().Name, false),
    };
}
