using System.Text;
using EdgeSecurity.Mqtt.Client;
using EdgeSecurity.Mqtt.Tests.Infrastructure;

namespace EdgeSecurity.Mqtt.Tests.Broker;

/// <summary>Many clients in one process (the device simulator's case), each with its own mTLS connection.</summary>
[Collection(MosquittoCollection.Name)]
public sealed class ManyClientsTests(SharedMosquitto shared, Xunit.Abstractions.ITestOutputHelper output)
{
    private const int Devices = 100;

    [Fact]
    public async Task A_hundred_tls_clients_in_one_process_each_deliver_a_qos1_message()
    {
        var broker = shared.Broker;
        var sink = new MessageSink();
        await using var collector = new MqttClient(broker.ClientOptions("fleet-collector"), sink.HandleAsync);
        await collector.ConnectAsync();
        await collector.SubscribeAsync("fleet/+/hello");

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var devices = Enumerable.Range(0, Devices).Select(i => new MqttClient(broker.ClientOptions($"fleet-device-{i}"))).ToList();
        try
        {
            output.WriteLine($"created {clock.Elapsed}");
            // In waves, as the simulator does: a single-threaded broker's accept backlog is finite.
            foreach (var wave in devices.Chunk(25))
            {
                await Task.WhenAll(wave.Select(d => d.ConnectAsync()));
            }

            output.WriteLine($"connected {clock.Elapsed}");
            await Task.WhenAll(devices.Select((d, i) => d.PublishAsync($"fleet/{i}/hello", Encoding.UTF8.GetBytes($"device-{i}"))));
            await sink.WaitForAsync(s => s.Messages.Count >= Devices, TimeSpan.FromSeconds(30));
            Assert.Equal(Enumerable.Range(0, Devices).Select(i => $"device-{i}").Order(), sink.Payloads.Order());
            Assert.All(devices, d => Assert.True(d.IsConnected));
            output.WriteLine($"delivered {clock.Elapsed}");
        }
        finally
        {
            await Task.WhenAll(devices.Select(d => d.DisposeAsync().AsTask()));
            output.WriteLine($"disposed {clock.Elapsed}");
        }
    }
}
