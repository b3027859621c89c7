using System.Text;
using EdgeSecurity.Mqtt.Client;
using EdgeSecurity.Mqtt.Packets;
using EdgeSecurity.Mqtt.Tests.Infrastructure;

namespace EdgeSecurity.Mqtt.Tests.Client;

/// <summary>
/// The order of PublishAsync calls is the order of PUBLISH packets on the wire, observed by a scripted peer:
/// with a full in-flight window, QoS 0 and 1 mixed, a cancelled queued publish, and across a reconnect.
/// Publishes are started one after the other on the test thread without awaiting, which defines the call order.
/// </summary>
public sealed class PublishOrderTests
{
    [Fact]
    [Trait("Requirement", "SR-MQTT-009")]
    public async Task Many_qos1_publishes_behind_a_window_of_two_reach_the_wire_in_call_order()
    {
        const int count = 400;
        await using var broker = new ScriptedBroker();
        await using var client = new MqttClient(WindowOptions(broker, maxInFlight: 2));
        var peer = await ConnectAsync(client, broker);

        var publishes = Enumerable.Range(0, count).Select(i => client.PublishAsync("t", Payload(i))).ToList();
        var seen = await ReadAndAckAsync(peer, count, maxInFlight: 2);

        Assert.Equal(Enumerable.Range(0, count), seen.Select(p => Index(p)));
        await Task.WhenAll(publishes).WaitAsync(ScriptedBroker.TestTimeout);
        Assert.Equal(0, client.InFlightCount);
    }

    [Fact]
    [Trait("Requirement", "SR-MQTT-009")]
    public async Task Qos0_publishes_wait_behind_queued_qos1_publishes()
    {
        const int count = 300;
        await using var broker = new ScriptedBroker();
        await using var client = new MqttClient(WindowOptions(broker, maxInFlight: 2));
        var peer = await ConnectAsync(client, broker);

        var publishes = Enumerable.Range(0, count).Select(i => client.PublishAsync("t", Payload(i), QosOf(i))).ToList();
        var seen = await ReadAndAckAsync(peer, count, maxInFlight: 2);

        Assert.Equal(Enumerable.Range(0, count), seen.Select(p => Index(p)));
        Assert.All(seen, p => Assert.Equal(QosOf(Index(p)), p.Qos));
        await Task.WhenAll(publishes).WaitAsync(ScriptedBroker.TestTimeout);
    }

    [Fact]
    [Trait("Requirement", "SR-MQTT-009")]
    public async Task Publishes_from_several_threads_at_once_keep_each_threads_call_order()
    {
        const int threads = 4;
        const int perThread = 150;
        await using var broker = new ScriptedBroker();
        await using var client = new MqttClient(WindowOptions(broker, maxInFlight: 2));
        var peer = await ConnectAsync(client, broker);

        // Thread t publishes t * 1000 + 0, 1, 2 …; between threads any interleaving is a valid call order.
        using var start = new Barrier(threads);
        var callers = Enumerable.Range(0, threads).Select(t => Task.Factory.StartNew(
            () =>
            {
                start.SignalAndWait();
                return Enumerable.Range(0, perThread).Select(i => client.PublishAsync("t", Payload((t * 1000) + i), QosOf(i))).ToList();
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default)).ToList();
        var seen = await ReadAndAckAsync(peer, threads * perThread, maxInFlight: 2);

        for (var t = 0; t < threads; t++)
        {
            Assert.Equal(Enumerable.Range(t * 1000, perThread), seen.Select(p => Index(p)).Where(i => i / 1000 == t));
        }

        var publishes = (await Task.WhenAll(callers)).SelectMany(p => p);
        await Task.WhenAll(publishes).WaitAsync(ScriptedBroker.TestTimeout);
    }

    [Fact]
    [Trait("Requirement", "SR-MQTT-009")]
    public async Task Order_holds_while_the_connection_write_queue_is_full()
    {
        // 64 MiB to a peer that does not read yet: the socket buffers (Linux may grow a loopback receive buffer
        // to 32 MiB) and then the connection's write queue (1024 packets) fill up, so publishes wait for room
        // in the write queue rather than for in-flight slots.
        const int count = 4_000;
        await using var broker = new ScriptedBroker();
        await using var client = new MqttClient(WindowOptions(broker, maxInFlight: count));
        var peer = await ConnectAsync(client, broker);

        var publishes = Enumerable.Range(0, count).Select(i => client.PublishAsync("t", Payload(i, size: 16 * 1024), QosOf(i))).ToList();
        await Task.Delay(200);
        Assert.Contains(publishes, p => !p.IsCompleted && !p.IsFaulted);
        Assert.False(publishes[^2].IsCompleted, "a QoS 0 publish at the end must still be waiting for room");

        var seen = await ReadAndAckAsync(peer, count, maxInFlight: count);
        Assert.Equal(Enumerable.Range(0, count), seen.Select(p => Index(p)));
        await Task.WhenAll(publishes).WaitAsync(ScriptedBroker.TestTimeout);
        Assert.Equal(0, client.InFlightCount);
    }

    [Fact]
    [Trait("Requirement", "SR-MQTT-009")]
    public async Task A_cancelled_queued_publish_leaves_the_others_in_order_and_leaks_no_slot()
    {
        await using var broker = new ScriptedBroker();
        await using var client = new MqttClient(WindowOptions(broker, maxInFlight: 2));
        var peer = await ConnectAsync(client, broker);

        var first = client.PublishAsync("t", Payload(0));
        var second = client.PublishAsync("t", Payload(1));
        using var cancel = new CancellationTokenSource();
        var cancelled = client.PublishAsync("t", Payload(2), cancellationToken: cancel.Token);
        var later = new[]
        {
            client.PublishAsync("t", Payload(3)),
            client.PublishAsync("t", Payload(4), MqttQos.AtMostOnce),
            client.PublishAsync("t", Payload(5)),
        };
        var sent = new[] { await peer.ReadAsync<PublishPacket>(), await peer.ReadAsync<PublishPacket>() };
        Assert.Equal([0, 1], sent.Select(Index));

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.WaitAsync(ScriptedBroker.TestTimeout));
        Assert.Equal(2, client.InFlightCount);

        await AckAsync(peer, sent);
        var rest = new[] { await peer.ReadAsync<PublishPacket>(), await peer.ReadAsync<PublishPacket>(), await peer.ReadAsync<PublishPacket>() };
        Assert.Equal([3, 4, 5], rest.Select(Index));
        await Task.WhenAll(first, second, later[1]).WaitAsync(ScriptedBroker.TestTimeout);

        // The cancelled publish gave its turn back: two more fit into the window before any acknowledgement.
        await AckAsync(peer, [rest[0], rest[2]]);
        await Task.WhenAll(later).WaitAsync(ScriptedBroker.TestTimeout);
        Assert.Equal(0, client.InFlightCount);
        var again = new[] { client.PublishAsync("t", Payload(6)), client.PublishAsync("t", Payload(7)) };
        var more = new[] { await peer.ReadAsync<PublishPacket>(), await peer.ReadAsync<PublishPacket>() };
        Assert.Equal([6, 7], more.Select(Index));
        Assert.Equal(2, client.InFlightCount);
        await AckAsync(peer, more);
        await Task.WhenAll(again).WaitAsync(ScriptedBroker.TestTimeout);
    }

    [Fact]
    [Trait("Requirement", "SR-MQTT-009")]
    [Trait("Requirement", "SR-MQTT-007")]
    public async Task After_a_reconnect_resends_go_first_in_order_with_dup_then_the_queued_new_publishes()
    {
        await using var broker = new ScriptedBroker();
        await using var client = new MqttClient(WindowOptions(broker, maxInFlight: 3, reconnect: true));
        var firstPeer = await ConnectAsync(client, broker);

        var inFlight = Enumerable.Range(0, 3).Select(i => client.PublishAsync("t", Payload(i))).ToList();
        var original = new List<PublishPacket>();
        for (var i = 0; i < 3; i++)
        {
            original.Add(await firstPeer.ReadAsync<PublishPacket>());
        }

        // The window is full: these wait in the client, in this order, while the connection breaks.
        var queued = new[]
        {
            client.PublishAsync("t", Payload(3)),
            client.PublishAsync("t", Payload(4), MqttQos.AtMostOnce),
            client.PublishAsync("t", Payload(5)),
        };
        await firstPeer.DisposeAsync();

        var secondPeer = await broker.AcceptAndConnAckAsync(sessionPresent: true);
        var resent = new List<PublishPacket>();
        for (var i = 0; i < 3; i++)
        {
            resent.Add(await secondPeer.ReadAsync<PublishPacket>());
        }

        Assert.Equal([0, 1, 2], resent.Select(Index));
        Assert.All(resent, p => Assert.True(p.Dup));
        Assert.Equal(original.Select(p => p.PacketId), resent.Select(p => p.PacketId));
        Assert.All(queued, q => Assert.False(q.IsCompleted));

        // Called while the client is reconnecting: goes after everything that was called before it.
        var whileReconnected = client.PublishAsync("t", Payload(6));
        await AckAsync(secondPeer, resent);
        var fresh = await ReadAndAckAsync(secondPeer, 4, maxInFlight: 3);
        Assert.Equal([3, 4, 5, 6], fresh.Select(Index));
        Assert.All(fresh, p => Assert.False(p.Dup));
        await Task.WhenAll(inFlight.Concat(queued).Append(whileReconnected)).WaitAsync(ScriptedBroker.TestTimeout);
        Assert.Equal(1, client.ReconnectCount);
    }

    [Fact]
    [Trait("Requirement", "SR-MQTT-009")]
    public async Task Disposing_fails_queued_publishes_as_not_connected_and_sent_ones_as_connection_lost()
    {
        await using var broker = new ScriptedBroker();
        var client = new MqttClient(WindowOptions(broker, maxInFlight: 1));
        var peer = await ConnectAsync(client, broker);

        var sent = client.PublishAsync("t", Payload(0));
        Assert.Equal(0, Index(await peer.ReadAsync<PublishPacket>()));
        var queuedQos1 = client.PublishAsync("t", Payload(1));
        var queuedQos0 = client.PublishAsync("t", Payload(2), MqttQos.AtMostOnce);

        var draining = peer.DrainUntilClosedAsync();
        await client.DisposeAsync().AsTask().WaitAsync(ScriptedBroker.TestTimeout);
        await draining;

        await Assert.ThrowsAsync<MqttConnectionLostException>(() => sent.WaitAsync(ScriptedBroker.TestTimeout));
        await Assert.ThrowsAsync<MqttNotConnectedException>(() => queuedQos1.WaitAsync(ScriptedBroker.TestTimeout));
        await Assert.ThrowsAsync<MqttNotConnectedException>(() => queuedQos0.WaitAsync(ScriptedBroker.TestTimeout));
        Assert.Equal(0, client.InFlightCount);
    }

    private static MqttClientOptions WindowOptions(ScriptedBroker broker, int maxInFlight, bool reconnect = false)
    {
        var options = broker.Options("order", reconnect);
        return new MqttClientOptions
        {
            Host = options.Host,
            Port = options.Port,
            ClientId = options.ClientId,
            KeepAlive = TimeSpan.Zero,
            ConnectTimeout = options.ConnectTimeout,
            RequestTimeout = options.RequestTimeout,
            Reconnect = options.Reconnect,
            MaxInFlight = maxInFlight,
        };
    }

    private static async Task<ScriptedPeer> ConnectAsync(MqttClient client, ScriptedBroker broker)
    {
        var connecting = client.ConnectAsync();
        var peer = await broker.AcceptAndConnAckAsync();
        await connecting.WaitAsync(ScriptedBroker.TestTimeout);
        return peer;
    }

    /// <summary>
    /// Reads <paramref name="count"/> PUBLISH packets. QoS 1 ones are acknowledged in one write as soon as
    /// the client's window is full (or nothing more is expected), so several slots free up at the same moment.
    /// </summary>
    private static async Task<List<PublishPacket>> ReadAndAckAsync(ScriptedPeer peer, int count, int maxInFlight)
    {
        var seen = new List<PublishPacket>(count);
        var unacknowledged = new List<PublishPacket>();
        while (seen.Count < count)
        {
            var publish = await peer.ReadAsync<PublishPacket>();
            seen.Add(publish);
            if (publish.Qos == MqttQos.AtLeastOnce)
            {
                unacknowledged.Add(publish);
            }

            if (unacknowledged.Count == maxInFlight || seen.Count == count)
            {
                await AckAsync(peer, unacknowledged);
                unacknowledged.Clear();
            }
        }

        return seen;
    }

    private static Task AckAsync(ScriptedPeer peer, IEnumerable<PublishPacket> publishes) =>
        peer.SendAsync([.. publishes.SelectMany(p => MqttPacketEncoder.Encode(new PacketIdPacket(MqttPacketType.PubAck, p.PacketId)))]);

    private static MqttQos QosOf(int index) => index % 3 == 1 ? MqttQos.AtMostOnce : MqttQos.AtLeastOnce;

    /// <summary>The index as text, padded with spaces to <paramref name="size"/> bytes.</summary>
    private static byte[] Payload(int index, int size = 0) => Encoding.ASCII.GetBytes(index.ToString(System.Globalization.CultureInfo.InvariantCulture).PadRight(size));

    private static int Index(PublishPacket publish) => int.Parse(Encoding.ASCII.GetString(publish.Payload.Span).TrimEnd(), System.Globalization.CultureInfo.InvariantCulture);
}
