using System.Net;
using System.Net.Sockets;
using EdgeSecurity.Mqtt.Client;
using EdgeSecurity.Mqtt.Packets;

namespace EdgeSecurity.Mqtt.Tests.Infrastructure;

/// <summary>
/// A TCP peer on 127.0.0.1 that the test scripts byte by byte: it can behave like a broker, or send garbage,
/// stall, or trickle bytes. Everything it does is bounded by the test's timeout.
/// </summary>
internal sealed class ScriptedBroker : IAsyncDisposable
{
    public static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(20);

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly List<ScriptedPeer> _peers = [];

    public ScriptedBroker() => _listener.Start();

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public MqttClientOptions Options(string clientId = "scripted", bool reconnect = false) => new()
    {
        Host = "127.0.0.1",
        Port = Port,
        ClientId = clientId,
        KeepAlive = TimeSpan.FromSeconds(1),
        ConnectTimeout = TimeSpan.FromSeconds(2),
        RequestTimeout = TimeSpan.FromSeconds(5),
        Reconnect = new MqttReconnectOptions { Enabled = reconnect, InitialDelay = TimeSpan.FromMilliseconds(20), MaxDelay = TimeSpan.FromMilliseconds(100) },
    };

    public async Task<ScriptedPeer> AcceptAsync()
    {
        using var timeout = new CancellationTokenSource(TestTimeout);
        var socket = await _listener.AcceptSocketAsync(timeout.Token);
        var peer = new ScriptedPeer(socket);
        _peers.Add(peer);
        return peer;
    }

    /// <summary>Accepts a connection, reads its CONNECT and answers CONNACK.</summary>
    public async Task<ScriptedPeer> AcceptAndConnAckAsync(bool sessionPresent = false)
    {
        var peer = await AcceptAsync();
        Assert.IsType<ConnectPacket>(await peer.ReadAsync());
        await peer.SendAsync(new ConnAckPacket(sessionPresent, MqttConnectReturnCode.Accepted));
        return peer;
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        foreach (var peer in _peers)
        {
            await peer.DisposeAsync();
        }
    }
}

/// <summary>One accepted connection of a <see cref="ScriptedBroker"/>.</summary>
internal sealed class ScriptedPeer(Socket socket) : IAsyncDisposable
{
    private readonly NetworkStream _stream = new(socket, ownsSocket: true);
    private PacketReader? _reader;

    public async Task<MqttPacket> ReadAsync()
    {
        _reader ??= new PacketReader(_stream, new MqttPacketDecoder());
        using var timeout = new CancellationTokenSource(ScriptedBroker.TestTimeout);
        return await _reader.ReadAsync(timeout.Token);
    }

    /// <summary>Reads packets until one of type <typeparamref name="T"/>, skipping keepalive pings.</summary>
    public async Task<T> ReadAsync<T>()
        where T : MqttPacket
    {
        while (true)
        {
            var packet = await ReadAsync();
            if (packet is EmptyPacket { Kind: MqttPacketType.PingReq })
            {
                continue;
            }

            return Assert.IsType<T>(packet);
        }
    }

    public Task SendAsync(MqttPacket packet) => SendAsync(MqttPacketEncoder.Encode(packet));

    public async Task SendAsync(byte[] bytes)
    {
        using var timeout = new CancellationTokenSource(ScriptedBroker.TestTimeout);
        await _stream.WriteAsync(bytes, timeout.Token);
    }

    /// <summary>Reads whatever the client sends until it closes, ignoring content, so its writes never block.</summary>
    public async Task DrainUntilClosedAsync()
    {
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(ScriptedBroker.TestTimeout);
        try
        {
            while (await _stream.ReadAsync(buffer, timeout.Token) > 0)
            {
            }
        }
        catch (IOException)
        {
            // The client reset the connection: that is a close too.
        }
    }

    public ValueTask DisposeAsync() => _stream.DisposeAsync();
}
