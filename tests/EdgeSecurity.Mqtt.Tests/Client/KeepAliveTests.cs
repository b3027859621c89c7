using EdgeSecurity.Mqtt.Client;
using EdgeSecurity.Mqtt.Packets;
using EdgeSecurity.Mqtt.Tests.Infrastructure;

namespace EdgeSecurity.Mqtt.Tests.Client;

public sealed class KeepAliveTests
{
    [Fact]
    public async Task An_idle_client_sends_pingreq_and_stays_connected_while_the_broker_answers()
    {
        await using var broker = new ScriptedBroker();
        await using var client = new MqttClient(broker.Options());
        var connecting = client.ConnectAsync();
        var peer = await broker.AcceptAndConnAckAsync();
        await connecting.WaitAsync(ScriptedBroker.TestTimeout);

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(EmptyPacket.PingReq, await peer.ReadAsync());
            await peer.SendAsync(EmptyPacket.PingResp);
        }

        Assert.True(client.IsConnected);
        Assert.Null(client.LastDisconnectReason);
    }

    [Fact]
    [Trait("Requirement", "SR-MQTT-005")]
    public async Task A_broker_that_ignores_pingreq_is_declared_dead()
    {
        await using var broker = new ScriptedBroker();
        await using var client = new MqttClient(broker.Options());
        var connecting = client.ConnectAsync();
        var peer = await broker.AcceptAndConnAckAsync();
        await connecting.WaitAsync(ScriptedBroker.TestTimeout);

        Assert.Equal(EmptyPacket.PingReq, await peer.ReadAsync());
        await HostileBrokerTests.WaitUntilAsync(() => client.LastDisconnectReason is not null);
        Assert.IsType<MqttTimeoutException>(client.LastDisconnectReason);
        Assert.False(client.IsConnected);
    }
}
