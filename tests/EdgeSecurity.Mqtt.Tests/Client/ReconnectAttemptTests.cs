using System.Collections.Concurrent;
using EdgeSecurity.Mqtt.Client;
using EdgeSecurity.Mqtt.Packets;
using EdgeSecurity.Mqtt.Tests.Infrastructure;

namespace EdgeSecurity.Mqtt.Tests.Client;

/// <summary>The application is told about each failed automatic reconnect attempt, with the reason.</summary>
public sealed class ReconnectAttemptTests
{
    [Fact]
    [Trait("Requirement", "SR-EVT-012")]
    public async Task Each_failed_reconnect_attempt_is_reported_with_its_reason_until_one_succeeds()
    {
        await using var broker = new ScriptedBroker();
        var failures = new ConcurrentQueue<Exception>();
        var scripted = broker.Options(reconnect: true);
        var options = new MqttClientOptions
        {
            Host = scripted.Host,
            Port = scripted.Port,
            ClientId = scripted.ClientId,
            KeepAlive = TimeSpan.Zero,
            ConnectTimeout = scripted.ConnectTimeout,
            RequestTimeout = scripted.RequestTimeout,
            Reconnect = new MqttReconnectOptions
            {
                InitialDelay = scripted.Reconnect.InitialDelay,
                MaxDelay = scripted.Reconnect.MaxDelay,
                AttemptFailed = failures.Enqueue,
            },
        };
        await using var client = new MqttClient(options);
        var connecting = client.ConnectAsync();
        var first = await broker.AcceptAndConnAckAsync();
        await connecting.WaitAsync(ScriptedBroker.TestTimeout);
        Assert.Empty(failures);

        await first.DisposeAsync();
        for (var i = 0; i < 2; i++)
        {
            var refusing = await broker.AcceptAsync();
            Assert.IsType<ConnectPacket>(await refusing.ReadAsync());
            await refusing.SendAsync(new ConnAckPacket(false, MqttConnectReturnCode.NotAuthorized));
            await refusing.DrainUntilClosedAsync();
        }

        await broker.AcceptAndConnAckAsync();
        var deadline = DateTime.UtcNow + ScriptedBroker.TestTimeout;
        while (client.ReconnectCount == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.Equal(1, client.ReconnectCount);
        Assert.Equal(2, failures.Count);
        Assert.All(failures, f => Assert.Equal(MqttConnectReturnCode.NotAuthorized, Assert.IsType<MqttConnectionRefusedException>(f).ReturnCode));
    }
}
