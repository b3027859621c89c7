using System.Net.Sockets;
using System.Security.Authentication;
using EdgeSecurity.Mqtt;
using EdgeSecurity.Mqtt.Packets;
using EdgeSecurity.Simulator.Transport;

namespace EdgeSecurity.Simulator.Tests;

public sealed class ConnectAttemptFailureTests
{
    public static TheoryData<Exception, int, bool> Failures() => new()
    {
        { new MqttConnectionRefusedException(MqttConnectReturnCode.NotAuthorized), 5, true },
        { new MqttConnectionRefusedException(MqttConnectReturnCode.BadUsernameOrPassword), 4, true },
        { new MqttConnectionRefusedException(MqttConnectReturnCode.ServerUnavailable), 3, false },
        { new MqttTransportException("no route", new SocketException((int)SocketError.HostUnreachable)), (int)SocketError.HostUnreachable, false },
        { new MqttTransportException("TLS handshake failed: untrusted", new AuthenticationException("untrusted")), -1, true },
        { new MqttTimeoutException("no CONNACK"), -2, false },
        { new MqttTransportException("stream ended x9", new IOException("reset")), -3, false },
        { new InvalidOperationException("odd"), -4, false },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    [Trait("Requirement", "SR-EVT-012")]
    public void A_failed_connect_becomes_a_result_code_a_short_reason_and_whether_credentials_were_refused(Exception failure, int code, bool authentication)
    {
        var recorded = ConnectAttemptFailure.From(failure);

        Assert.Equal((code, authentication), (recorded.ResultCode, recorded.Authentication));
        Assert.DoesNotContain(failure.Message, recorded.Reason, StringComparison.Ordinal);
        Assert.InRange(recorded.Reason.Length, 1, 80);
    }
}
