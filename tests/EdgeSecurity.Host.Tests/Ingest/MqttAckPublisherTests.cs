using System.Net;
using System.Net.Sockets;
using EdgeSecurity.Firmware.Core.Topics;
using EdgeSecurity.Host.Ingest;
using EdgeSecurity.Host.Tests.Support;
using EdgeSecurity.Mqtt;
using EdgeSecurity.Mqtt.Client;
using EdgeSecurity.Mqtt.Packets;
using Microsoft.Extensions.Logging;

namespace EdgeSecurity.Host.Tests.Ingest;

/// <summary>
/// How the host's acks leave on the ingest connection, as the device and the operator see them: on the device's
/// ack topic at QoS 1 and not retained (a retained ack would be handed again to the device at every subscribe);
/// a publish that fails at once fails the caller (the ingestor then does not count the batch as acked); one the
/// broker never confirms is logged as a warning. The broker is a TCP peer in the test that speaks MQTT bytes,
/// so the test chooses whether the PUBACK comes.
/// </summary>
public sealed class MqttAckPublisherTests : IDisposable
{
    private const string AckLost = "An ack to device d1 was not confirmed by the broker; the device will resend and be acked again";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);
    private readonly CapturedLog _log = new(typeof(MqttAckPublisher).Namespace!);
    private readonly ILoggerFactory _loggers;
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);

    public MqttAckPublisherTests()
    {
        _loggers = LoggerFactory.Create(logging => logging.AddProvider(_log));
        _listener.Start();
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Dispose();
        _loggers.Dispose();
    }

    private MqttAckPublisher Publisher() => new(_loggers.CreateLogger<MqttAckPublisher>());

    [Fact]
    public async Task An_ack_before_the_ingest_connection_exists_is_refused_saying_so()
    {
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => Publisher().PublishAckAsync("d1", [1, 2, 3], CancellationToken.None));
        Assert.Equal("The ingest connection is not established yet.", refused.Message);
    }

    [Fact]
    public async Task An_ack_that_cannot_be_sent_at_all_fails_the_caller_and_is_not_logged_as_lost()
    {
        var publisher = Publisher();
        await using var client = new MqttClient(ClientOptions());
        publisher.Attach(client);

        var publish = publisher.PublishAckAsync("d1", [1, 2, 3], CancellationToken.None);

        Assert.True(publish.IsFaulted, "a client that never connected fails the publish at once");
        await Assert.ThrowsAsync<MqttNotConnectedException>(() => publish);
        Assert.Empty(_log.Text);
    }

    [Theory]
    [InlineData("connection lost")]
    [InlineData("wait cancelled")]
    public async Task An_ack_goes_to_the_device_s_ack_topic_at_QoS_1_not_retained_and_one_never_confirmed_is_logged(string how)
    {
        var publisher = Publisher();
        await using var client = new MqttClient(ClientOptions());
        var accepted = AcceptAndConnAckAsync();
        await client.ConnectAsync();
        using var broker = await accepted;
        publisher.Attach(client);
        using var cancel = new CancellationTokenSource();

        var publish = publisher.PublishAckAsync("d1", [1, 2, 3], cancel.Token);

        Assert.True(publish.IsCompletedSuccessfully, "the ingestor does not wait for the broker's PUBACK");
        var sent = Assert.IsType<PublishPacket>(await ReadPacketAsync(broker));
        Assert.Equal((DeviceTopics.For("d1", DeviceTopics.Acks), MqttQos.AtLeastOnce, false), (sent.Topic, sent.Qos, sent.Retain));
        Assert.Equal([1, 2, 3], sent.Payload.ToArray());
        Assert.Empty(_log.Text);

        if (how == "connection lost")
        {
            broker.Close();
        }
        else
        {
            await cancel.CancelAsync();
        }

        var deadline = DateTime.UtcNow + Bound;
        while (!_log.Text.Contains(AckLost, StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline, $"{how}: no warning within {Bound.TotalSeconds} s. Log:\n{_log.Text}");
            await Task.Delay(10);
        }

        Assert.Equal([AckLost], _log.Text.Split('\n'));
    }

    private MqttClientOptions ClientOptions() => new()
    {
        Host = "127.0.0.1",
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port,
        ClientId = "host-ingest",
        ConnectTimeout = TimeSpan.FromSeconds(5),
        Reconnect = new MqttReconnectOptions { Enabled = false },
    };

    private async Task<Socket> AcceptAndConnAckAsync()
    {
        using var timeout = new CancellationTokenSource(Bound);
        var socket = await _listener.AcceptSocketAsync(timeout.Token);
        Assert.IsType<ConnectPacket>(await ReadPacketAsync(socket));
        await socket.SendAsync(MqttPacketEncoder.Encode(new ConnAckPacket(false, MqttConnectReturnCode.Accepted)), timeout.Token);
        return socket;
    }

    /// <summary>The next whole packet the client sent (the test reads one packet at a time, so nothing is left over).</summary>
    private static async Task<MqttPacket> ReadPacketAsync(Socket socket)
    {
        using var timeout = new CancellationTokenSource(Bound);
        var decoder = new MqttPacketDecoder();
        var buffer = new List<byte>();
        var one = new byte[1];
        while (true)
        {
            if (decoder.TryDecode(buffer.ToArray(), out var packet, out var consumed) && packet is not null)
            {
                Assert.Equal(buffer.Count, consumed);
                return packet;
            }

            Assert.True(await socket.ReceiveAsync(one, timeout.Token) == 1, "the client closed the connection");
            buffer.Add(one[0]);
        }
    }
}
