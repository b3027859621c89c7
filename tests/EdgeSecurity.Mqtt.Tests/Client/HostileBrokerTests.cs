using EdgeSecurity.Mqtt.Client;
using EdgeSecurity.Mqtt.Packets;
using EdgeSecurity.Mqtt.Tests.Infrastructure;

namespace EdgeSecurity.Mqtt.Tests.Client;

/// <summary>The client against a peer that misbehaves: every case ends in a typed error, within the timeouts.</summary>
public sealed class HostileBrokerTests
{
    [Fact]
    [Trait("Requirement", "SR-MQTT-004")]
    public async Task Garbage_instead_of_connack_is_a_protocol_error()
    {
        await using var broker = new ScriptedBroker();
        await using var client = new MqttClient(broker.Options());
        var connecting = client.ConnectAsync();
        var peer = await broker.AcceptAsync();
        await peer.ReadAsync();
        await peer.SendAsync([0x00, 0x13, 0x37, 0xFF, 0xFF]);
        var error = await Assert.ThrowsAsync<MqttProtocolException>(() => connecting.WaitAsync(ScriptedBroker.TestTimeout));
        Assert.Equal(MqttProtocolError.ReservedPacketType, error.Reason);
        Assert.False(client.IsConnected);
    }

    [Fact]
    [Trait("Requirement", "SR-MQTT-003")]
    public async Task A_huge_remaining_length_before_connack_fails_at_once()
    {
        await using var broker = new ScriptedBroker();
        await using var client = new MqttClient(broker.Options());
        var connecting = client.ConnectAsync();
        var peer = await broker.AcceptAsync();
        await peer.ReadAsync();
        await peer.SendAsync([0x20, 0xFF, 0xFF, 0xFF, 0x7F]);
        var error = await Assert.ThrowsAsync<MqttProtocolException>(() => connecting.WaitAsync(ScriptedBroker.TestTimeout));
        Assert.Equal(MqttProtocolError.PacketTooLarge, error.Reason);
    }

    [Fact]
    [Trait("Requirement", "SR-MQTT-005")]
    public async Task No_connack_is_a_timeout()
    {
        await using var broker = new ScriptedBroker();
        await using var client = new MqttClient(broker.Options());
        var connecting = client.ConnectAsync();
        var peer = await broker.AcceptAsync();
        await peer.ReadAsync();
        await Assert.ThrowsAsync<MqttTimeoutException>(() => connecting.WaitAsync(ScriptedBroker.TestTimeout));
    }

    [Fact]
    [Trait("Requirement", "SR-MQTT-005")]
    public async Task A_connack_trickled_slower_than_the_connect_timeout_is_a_timeout()
    {
        await using var broker = new ScriptedBroker();
        await using var client = new MqttClient(broker.Options());
        var connecting = client.ConnectAsync();
        var peer = await broker.AcceptAsync();
        await peer.ReadAsync();
        using var stop = new CancellationTokenSource();
        var trickle = TrickleAsync(peer, [0x20, 0x02, 0x00, 0x00], TimeSpan.FromMilliseconds(900), stop.Token);
        await Assert.ThrowsAsync<MqttTimeoutException>(() => connecting.WaitAsync(ScriptedBroker.TestTimeout));
        await stop.CancelAsync();
        await trickle;
        Assert.False(client.IsConnected);
    }

    [Fact]
    public async Task Cancelling_connect_while_waiting_for_connack_throws_operation_cancelled()
    {
        await using var broker = new ScriptedBroker();
        await using var client = new MqttClient(broker.Options());
        using var cancel = new CancellationTokenSource();
        var connecting = client.ConnectAsync(cancel.Token);
        var peer = await broker.AcceptAsync();
        await peer.ReadAsync();
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => connecting.WaitAsync(ScriptedBroker.TestTimeout));
        Assert.False(client.IsConnected);
    }

    [Theory]
    [Trait("Requirement", "SR-MQTT-005")]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_packet_that_never_completes_ends_the_connection_by_the_dead_connection_timeout(bool slowloris)
    {
        await using var broker = new ScriptedBroker();
        await using var client = new MqttClient(broker.Options());
        var connecting = client.ConnectAsync();
        var peer = await broker.AcceptAndConnAckAsync();
        await connecting.WaitAsync(ScriptedBroker.TestTimeout);

        // A PUBLISH announcing 100 KB; the body either never comes or arrives a byte at a time.
        await peer.SendAsync([0x30, 0xA0, 0x8D, 0x06, 0x00, 0x01, (byte)'t']);
        using var stop = new CancellationTokenSource();
        var trickle = slowloris ? TrickleAsync(peer, [.. Enumerable.Repeat((byte)0x41, 1000)], TimeSpan.FromMilliseconds(100), stop.Token) : Task.CompletedTask;
        await WaitUntilAsync(() => client.LastDisconnectReason is not null);
        await stop.CancelAsync();
        await trickle;
        Assert.IsType<MqttTimeoutException>(client.LastDisconnectReason);
    }

    [Fact]
    [Trait("Requirement", "SR-MQTT-003")]
    public async Task An_oversized_packet_after_connect_closes_the_connection_with_a_protocol_error()
    {
        await using var broker = new ScriptedBroker();
        await using var client = new MqttClient(broker.Options());
        var connecting = client.ConnectAsync();
        var peer = await broker.AcceptAndConnAckAsync();
        await connecting.WaitAsync(ScriptedBroker.TestTimeout);
        await peer.SendAsync([0x30, 0xFF, 0xFF, 0xFF, 0x7F]);
        await WaitUntilAsync(() => client.LastDisconnectReason is not null);
        Assert.Equal(MqttProtocolError.PacketTooLarge, Assert.IsType<MqttProtocolException>(client.LastDisconnectReason).Reason);
    }

    [Fact]
    [Trait("Requirement", "SR-MQTT-004")]
    public async Task A_wildcard_topic_in_an_incoming_publish_closes_the_connection()
    {
        await using var broker = new ScriptedBroker();
        var handled = 0;
        await using var client = new MqttClient(broker.Options(), (_, _) => { Interlocked.Increment(ref handled); return ValueTask.CompletedTask; });
        var connecting = client.ConnectAsync();
        var peer = await broker.AcceptAndConnAckAsync();
        await connecting.WaitAsync(ScriptedBroker.TestTimeout);
        await peer.SendAsync([0x30, 0x05, 0x00, 0x03, (byte)'a', (byte)'/', (byte)'#']);
        await WaitUntilAsync(() => client.LastDisconnectReason is not null);
        Assert.Equal(MqttProtocolError.InvalidTopicName, Assert.IsType<MqttProtocolException>(client.LastDisconnectReason).Reason);
        Assert.Equal(0, handled);
    }

    [Fact]
    public async Task An_unexpected_packet_type_from_the_broker_closes_the_connection()
    {
        await using var broker = new ScriptedBroker();
        await using var client = new MqttClient(broker.Options());
        var connecting = client.ConnectAsync();
        var peer = await broker.AcceptAndConnAckAsync();
        await connecting.WaitAsync(ScriptedBroker.TestTimeout);
        await peer.SendAsync(new ConnAckPacket(false, MqttConnectReturnCode.Accepted));
        await WaitUntilAsync(() => client.LastDisconnectReason is not null);
        Assert.Equal(MqttProtocolError.UnexpectedPacket, Assert.IsType<MqttProtocolException>(client.LastDisconnectReason).Reason);
    }

    [Theory]
    [InlineData(MqttConnectReturnCode.NotAuthorized)]
    [InlineData(MqttConnectReturnCode.BadUsernameOrPassword)]
    [InlineData(MqttConnectReturnCode.IdentifierRejected)]
    public async Task A_refused_connack_names_its_return_code(MqttConnectReturnCode code)
    {
        await using var broker = new ScriptedBroker();
        await using var client = new MqttClient(broker.Options());
        var connecting = client.ConnectAsync();
        var peer = await broker.AcceptAsync();
        await peer.ReadAsync();
        await peer.SendAsync(new ConnAckPacket(false, code));
        var error = await Assert.ThrowsAsync<MqttConnectionRefusedException>(() => connecting.WaitAsync(ScriptedBroker.TestTimeout));
        Assert.Equal(code, error.ReturnCode);
    }

    [Fact]
    public async Task A_suback_failure_code_is_reported_per_filter()
    {
        await using var broker = new ScriptedBroker();
        await using var client = new MqttClient(broker.Options());
        var connecting = client.ConnectAsync();
        var peer = await broker.AcceptAndConnAckAsync();
        await connecting.WaitAsync(ScriptedBroker.TestTimeout);
        var subscribing = client.SubscribeAsync([new MqttTopicFilter("ok/#"), new MqttTopicFilter("forbidden/#")]);
        var subscribe = await peer.ReadAsync<SubscribePacket>();
        await peer.SendAsync(new SubAckPacket(subscribe.PacketId, [MqttSubAckCode.GrantedQos1, MqttSubAckCode.Failure]));
        var error = await Assert.ThrowsAsync<MqttSubscriptionRejectedException>(() => subscribing.WaitAsync(ScriptedBroker.TestTimeout));
        Assert.Equal([MqttSubAckCode.GrantedQos1, MqttSubAckCode.Failure], error.ReturnCodes);
        Assert.Contains("forbidden/#", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("ok/#", error.Message, StringComparison.Ordinal);
    }

    private static async Task TrickleAsync(ScriptedPeer peer, byte[] bytes, TimeSpan pause, CancellationToken stop)
    {
        try
        {
            foreach (var b in bytes)
            {
                await peer.SendAsync([b]);
                await Task.Delay(pause, stop);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            // Stopped by the test, or the client closed the socket: both end the trickle.
            return;
        }
    }

    internal static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(ScriptedBroker.TestTimeout);
        while (!condition())
        {
            await Task.Delay(20, timeout.Token);
        }
    }
}
