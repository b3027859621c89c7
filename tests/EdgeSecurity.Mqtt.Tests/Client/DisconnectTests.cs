using EdgeSecurity.Mqtt.Client;
using EdgeSecurity.Mqtt.Packets;
using EdgeSecurity.Mqtt.Tests.Infrastructure;

namespace EdgeSecurity.Mqtt.Tests.Client;

/// <summary>Disconnecting is bounded by the request timeout, also when the peer stopped reading.</summary>
public sealed class DisconnectTests
{
    [Fact]
    public async Task Disconnect_returns_after_the_request_timeout_when_the_peer_stopped_reading_and_the_write_queue_is_full()
    {
        await using var broker = new ScriptedBroker();
        var scripted = broker.Options("stalled");
        var options = new MqttClientOptions
        {
            Host = scripted.Host,
            Port = scripted.Port,
            ClientId = scripted.ClientId,
            KeepAlive = TimeSpan.Zero, // nothing else would notice the stalled peer
            ConnectTimeout = scripted.ConnectTimeout,
            RequestTimeout = TimeSpan.FromSeconds(1),
        };
        await using var client = new MqttClient(options);
        var connecting = client.ConnectAsync();
        var peer = await broker.AcceptAndConnAckAsync();
        await connecting.WaitAsync(ScriptedBroker.TestTimeout);

        // 64 MiB of QoS 0 to a peer that never reads: socket buffers, then the connection's write queue, fill up.
        var payload = new byte[16 * 1024];
        var publishes = Enumerable.Range(0, 4_000).Select(_ => client.PublishAsync("t", payload, MqttQos.AtMostOnce)).ToList();
        await Task.Delay(200);
        Assert.Contains(publishes, p => !p.IsCompleted);

        await client.DisconnectAsync().WaitAsync(ScriptedBroker.TestTimeout);

        Assert.False(client.IsConnected);
        foreach (var publish in publishes.Where(p => !p.IsCompletedSuccessfully))
        {
            await Assert.ThrowsAnyAsync<MqttException>(() => publish.WaitAsync(ScriptedBroker.TestTimeout));
        }

        await peer.DisposeAsync();
    }
}
