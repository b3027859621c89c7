using System.Text;
using EdgeSecurity.Mqtt.Client;
using EdgeSecurity.Mqtt.Packets;
using EdgeSecurity.Mqtt.Tests.Infrastructure;

namespace EdgeSecurity.Mqtt.Tests.Client;

/// <summary>In-flight window, acknowledgement order and session restore, observed at the wire by a scripted peer.</summary>
public sealed class SessionBehaviourTests
{
    [Fact]
    public async Task A_full_in_flight_window_makes_publish_wait_until_a_puback_frees_a_slot()
    {
        await using var broker = new ScriptedBroker();
        await using var client = new MqttClient(new MqttClientOptions { Host = "127.0.0.1", Port = broker.Port, ClientId = "window", KeepAlive = TimeSpan.Zero, MaxInFlight = 2 });
        var connecting = client.ConnectAsync();
        var peer = await broker.AcceptAndConnAckAsync();
        await connecting.WaitAsync(ScriptedBroker.TestTimeout);

        var first = client.PublishAsync("t", "1"u8.ToArray());
        var second = client.PublishAsync("t", "2"u8.ToArray());
        var firstSeen = await peer.ReadAsync<PublishPacket>();
        await peer.ReadAsync<PublishPacket>();
        Assert.Equal(2, client.InFlightCount);

        using var cancel = new CancellationTokenSource();
        var third = client.PublishAsync("t", "3"u8.ToArray(), cancellationToken: cancel.Token);
        Assert.False(third.IsCompleted);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => third.WaitAsync(ScriptedBroker.TestTimeout));
        Assert.Equal(2, client.InFlightCount);

        var fourth = client.PublishAsync("t", "4"u8.ToArray());
        await peer.SendAsync(new PacketIdPacket(MqttPacketType.PubAck, firstSeen.PacketId));
        await first.WaitAsync(ScriptedBroker.TestTimeout);
        var fourthSeen = await peer.ReadAsync<PublishPacket>();
        Assert.Equal("4", Encoding.UTF8.GetString(fourthSeen.Payload.Span));
        Assert.False(second.IsCompleted);
        Assert.False(fourth.IsCompleted);
    }

    [Fact]
    [Trait("Requirement", "SR-MQTT-006")]
    public async Task An_incoming_qos1_message_is_acknowledged_only_after_its_handler_completed()
    {
        await using var broker = new ScriptedBroker();
        var handlerEntered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var releaseHandler = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var client = new MqttClient(broker.Options(), async (_, _) =>
        {
            handlerEntered.TrySetResult();
            await releaseHandler.Task;
        });
        var connecting = client.ConnectAsync();
        var peer = await broker.AcceptAndConnAckAsync();
        await connecting.WaitAsync(ScriptedBroker.TestTimeout);

        await peer.SendAsync(new PublishPacket("in", "x"u8.ToArray(), MqttQos.AtLeastOnce, PacketId: 7));
        await handlerEntered.Task.WaitAsync(ScriptedBroker.TestTimeout);

        // While the handler runs, the next packet on the wire is our marker, not a PUBACK.
        await client.PublishAsync("marker", ReadOnlyMemory<byte>.Empty, MqttQos.AtMostOnce);
        Assert.Equal("marker", (await peer.ReadAsync<PublishPacket>()).Topic);

        releaseHandler.SetResult();
        var ack = await peer.ReadAsync<PacketIdPacket>();
        Assert.Equal(MqttPacketType.PubAck, ack.Kind);
        Assert.Equal(7, ack.PacketId);
    }

    [Fact]
    [Trait("Requirement", "SR-MQTT-006")]
    public async Task A_failing_handler_leaves_the_message_unacknowledged_and_drops_the_connection()
    {
        await using var broker = new ScriptedBroker();
        await using var client = new MqttClient(broker.Options(), (_, _) => throw new InvalidOperationException("storage is down"));
        var connecting = client.ConnectAsync();
        var peer = await broker.AcceptAndConnAckAsync();
        await connecting.WaitAsync(ScriptedBroker.TestTimeout);

        await peer.SendAsync(new PublishPacket("in", "x"u8.ToArray(), MqttQos.AtLeastOnce, PacketId: 9));
        await HostileBrokerTests.WaitUntilAsync(() => client.LastDisconnectReason is not null);
        var reason = Assert.IsType<MqttHandlerException>(client.LastDisconnectReason);
        Assert.Equal("in", reason.Topic);
        await peer.DrainUntilClosedAsync();
    }

    [Fact]
    [Trait("Requirement", "SR-MQTT-007")]
    public async Task After_a_reconnect_unacknowledged_publishes_are_resent_with_dup_and_lost_subscriptions_restored()
    {
        await using var broker = new ScriptedBroker();
        await using var client = new MqttClient(broker.Options(reconnect: true));
        var connecting = client.ConnectAsync();
        var firstPeer = await broker.AcceptAndConnAckAsync();
        await connecting.WaitAsync(ScriptedBroker.TestTimeout);

        var subscribing = client.SubscribeAsync("commands/#");
        var subscribe = await firstPeer.ReadAsync<SubscribePacket>();
        await firstPeer.SendAsync(new SubAckPacket(subscribe.PacketId, [MqttSubAckCode.GrantedQos1]));
        await subscribing.WaitAsync(ScriptedBroker.TestTimeout);

        var publishing = client.PublishAsync("events", "payload-1"u8.ToArray());
        var original = await firstPeer.ReadAsync<PublishPacket>();
        Assert.False(original.Dup);
        await firstPeer.DisposeAsync();

        // The broker comes back without the session: the client resubscribes, then resends with DUP.
        var secondPeer = await broker.AcceptAndConnAckAsync(sessionPresent: false);
        var resubscribe = await secondPeer.ReadAsync<SubscribePacket>();
        Assert.Equal("commands/#", Assert.Single(resubscribe.Filters).Filter);
        await secondPeer.SendAsync(new SubAckPacket(resubscribe.PacketId, [MqttSubAckCode.GrantedQos1]));
        var resent = await secondPeer.ReadAsync<PublishPacket>();
        Assert.True(resent.Dup);
        Assert.Equal(original.PacketId, resent.PacketId);
        Assert.Equal("payload-1"u8.ToArray(), resent.Payload.ToArray());

        Assert.False(publishing.IsCompleted);
        await secondPeer.SendAsync(new PacketIdPacket(MqttPacketType.PubAck, resent.PacketId));
        await publishing.WaitAsync(ScriptedBroker.TestTimeout);
        Assert.Equal(1, client.ReconnectCount);
        Assert.Equal(0, client.InFlightCount);
    }

    [Fact]
    public async Task Without_reconnect_a_lost_connection_fails_the_waiting_publishes()
    {
        await using var broker = new ScriptedBroker();
        await using var client = new MqttClient(broker.Options(reconnect: false));
        var connecting = client.ConnectAsync();
        var peer = await broker.AcceptAndConnAckAsync();
        await connecting.WaitAsync(ScriptedBroker.TestTimeout);

        var publishing = client.PublishAsync("events", "x"u8.ToArray());
        await peer.ReadAsync<PublishPacket>();
        await peer.DisposeAsync();
        var error = await Assert.ThrowsAsync<MqttConnectionLostException>(() => publishing.WaitAsync(ScriptedBroker.TestTimeout));
        Assert.NotNull(error.InnerException);
        await Assert.ThrowsAsync<MqttNotConnectedException>(() => client.PublishAsync("events", "y"u8.ToArray(), MqttQos.AtMostOnce));
    }

    [Fact]
    public async Task Disconnect_sends_disconnect_and_stops_reconnecting()
    {
        await using var broker = new ScriptedBroker();
        await using var client = new MqttClient(broker.Options(reconnect: true));
        var connecting = client.ConnectAsync();
        var peer = await broker.AcceptAndConnAckAsync();
        await connecting.WaitAsync(ScriptedBroker.TestTimeout);

        await client.DisconnectAsync().WaitAsync(ScriptedBroker.TestTimeout);
        Assert.Equal(EmptyPacket.Disconnect, await peer.ReadAsync<EmptyPacket>());
        Assert.False(client.IsConnected);
        await Assert.ThrowsAsync<MqttNotConnectedException>(() => client.PublishAsync("t", "x"u8.ToArray()));
    }

    [Fact]
    public async Task Invalid_topics_and_qos2_are_rejected_before_anything_is_sent()
    {
        await using var broker = new ScriptedBroker();
        await using var client = new MqttClient(broker.Options());
        await Assert.ThrowsAsync<ArgumentException>(() => client.PublishAsync("a/+", "x"u8.ToArray()));
        await Assert.ThrowsAsync<ArgumentException>(() => client.SubscribeAsync("a/#/b"));
        await Assert.ThrowsAsync<NotSupportedException>(() => client.PublishAsync("a", "x"u8.ToArray(), MqttQos.ExactlyOnce));
        Assert.Throws<ArgumentException>(() => new MqttClient(new MqttClientOptions { Host = "h", ClientId = "", CleanSession = false }));
        Assert.Throws<ArgumentException>(() => new MqttClient(new MqttClientOptions { Host = "h", ClientId = "c", MaxInFlight = 0 }));
    }
}
