using System.Collections.Concurrent;
using System.Text;
using EdgeSecurity.Mqtt.Client;
using EdgeSecurity.Mqtt.Tests.Infrastructure;
using Xunit.Abstractions;

namespace EdgeSecurity.Mqtt.Tests.Broker;

/// <summary>
/// No loss across a broker restart: several publishers and one subscriber, all with persistent sessions,
/// keep going by themselves while mosquitto (persistence on) is stopped and started in the middle.
/// </summary>
public sealed class BrokerRestartTests(ITestOutputHelper output)
{
    private const int Publishers = 4;
    private const int MessagesPerPublisher = 2_500;
    private const int Total = Publishers * MessagesPerPublisher;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    [Trait("Requirement", "SR-MQTT-007")]
    public async Task Ten_thousand_qos1_messages_arrive_despite_a_broker_restart()
    {
        using var broker = new MosquittoBroker();
        using var deadline = new CancellationTokenSource(Deadline);
        var arrivals = new ConcurrentDictionary<string, int>();
        await using var subscriber = new MqttClient(broker.ClientOptions("restart-sink", cleanSession: false), (message, _) =>
        {
            arrivals.AddOrUpdate(Encoding.UTF8.GetString(message.Payload.Span), 1, (_, n) => n + 1);
            return ValueTask.CompletedTask;
        });
        await subscriber.ConnectAsync(deadline.Token);
        await subscriber.SubscribeAsync("restart/#", cancellationToken: deadline.Token);

        var clients = new List<MqttClient>();
        for (var p = 0; p < Publishers; p++)
        {
            var client = new MqttClient(broker.ClientOptions($"restart-pub-{p}", cleanSession: false));
            clients.Add(client);
            await client.ConnectAsync(deadline.Token);
        }

        var acknowledged = 0;
        var publishing = clients.Select((client, p) => Task.Run(async () =>
        {
            // Many publishes in flight at once, bounded by the client's window (64).
            var pending = new List<Task>();
            for (var i = 0; i < MessagesPerPublisher; i++)
            {
                pending.Add(PublishOneAsync(client, p, i));
            }

            await Task.WhenAll(pending);
        })).ToList();

        async Task PublishOneAsync(MqttClient client, int publisher, int index)
        {
            await client.PublishAsync($"restart/{publisher}", Encoding.UTF8.GetBytes($"{publisher}:{index}"), cancellationToken: deadline.Token);
            Interlocked.Increment(ref acknowledged);
        }

        while (Volatile.Read(ref acknowledged) < Total / 3)
        {
            await Task.Delay(10, deadline.Token);
        }

        broker.Stop();
        var acknowledgedAtStop = Volatile.Read(ref acknowledged);
        broker.Start();

        await Task.WhenAll(publishing).WaitAsync(deadline.Token);
        while (arrivals.Count < Total && !deadline.IsCancellationRequested)
        {
            await Task.Delay(20, CancellationToken.None);
        }

        var duplicates = arrivals.Values.Sum(n => n - 1);
        output.WriteLine($"acknowledged before the stop: {acknowledgedAtStop}; distinct arrivals: {arrivals.Count}; duplicates: {duplicates}; " +
            $"reconnects: subscriber {subscriber.ReconnectCount}, publishers {string.Join(",", clients.Select(c => c.ReconnectCount))}");
        var missing = Enumerable.Range(0, Publishers).SelectMany(p => Enumerable.Range(0, MessagesPerPublisher).Select(i => $"{p}:{i}")).Where(id => !arrivals.ContainsKey(id)).ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} messages lost, e.g. {string.Join(", ", missing.Take(5))}");
        Assert.Equal(Total, arrivals.Count);
        Assert.True(acknowledgedAtStop < Total, "the broker restart happened after every message was already acknowledged");
        Assert.True(subscriber.ReconnectCount >= 1);
        Assert.All(clients, c => Assert.True(c.ReconnectCount >= 1));

        foreach (var client in clients)
        {
            await client.DisposeAsync();
        }
    }
}
