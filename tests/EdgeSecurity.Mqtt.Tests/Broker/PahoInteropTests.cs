using EdgeSecurity.Mqtt.Client;
using EdgeSecurity.Mqtt.Tests.Infrastructure;

namespace EdgeSecurity.Mqtt.Tests.Broker;

/// <summary>Interoperability with an independent implementation (Paho Python) through mosquitto over mutual TLS.</summary>
[Collection(MosquittoCollection.Name)]
public sealed class PahoInteropTests(SharedMosquitto shared)
{
    private const int Count = 50;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly MosquittoBroker _broker = shared.Broker;

    [Fact]
    [Trait("Requirement", "SR-MQTT-001")]
    public async Task Paho_receives_what_our_client_publishes()
    {
        using var paho = PahoPeer.StartSubscriber(_broker, "interop/to-paho", Count);
        var ready = await PahoPeer.ReadLinesAsync(paho, line => line == "READY", Timeout);
        Assert.Equal("READY", ready.LastOrDefault());

        await using var client = new MqttClient(_broker.ClientOptions("ours-pub"));
        await client.ConnectAsync();
        var expected = Enumerable.Range(0, Count).Select(i => $"ours-{i}").ToList();
        foreach (var payload in expected)
        {
            await client.PublishAsync("interop/to-paho", System.Text.Encoding.UTF8.GetBytes(payload));
        }

        var lines = await PahoPeer.ReadLinesAsync(paho, _ => false, Timeout);
        await paho.WaitForExitAsync().WaitAsync(Timeout);
        Assert.Equal(0, paho.ExitCode);
        Assert.StartsWith("EXITED", lines[^1], StringComparison.Ordinal);
        Assert.Equal(expected, lines.Where(l => l.StartsWith("MSG ", StringComparison.Ordinal)).Select(l => l[4..]));
    }

    [Fact]
    [Trait("Requirement", "SR-MQTT-001")]
    public async Task Our_client_receives_what_paho_publishes()
    {
        var sink = new MessageSink();
        await using var client = new MqttClient(_broker.ClientOptions("ours-sub"), sink.HandleAsync);
        await client.ConnectAsync();
        await client.SubscribeAsync("interop/from-paho");

        using var paho = PahoPeer.StartPublisher(_broker, "interop/from-paho", Count);
        var lines = await PahoPeer.ReadLinesAsync(paho, line => line == "DONE", Timeout);
        Assert.Equal("DONE", lines.LastOrDefault());
        await sink.WaitForAsync(s => s.Messages.Count >= Count, Timeout);
        Assert.Equal(Enumerable.Range(0, Count).Select(i => $"paho-{i}"), sink.Payloads);
    }
}
