using System.Text;
using EdgeSecurity.Mqtt.Client;
using EdgeSecurity.Mqtt.Tests.Infrastructure;

namespace EdgeSecurity.Mqtt.Tests.Broker;

/// <summary>Call order survives a real broker: what one client publishes concurrently, a subscriber receives in that order.</summary>
[Collection(MosquittoCollection.Name)]
public sealed class PublishOrderMosquittoTests(SharedMosquitto shared)
{
    private const int Messages = 2_000;

    [Fact]
    [Trait("Requirement", "SR-MQTT-009")]
    public async Task Two_thousand_concurrent_publishes_through_a_window_of_two_arrive_in_call_order()
    {
        var broker = shared.Broker;
        var topic = "order/" + Guid.NewGuid().ToString("N");
        var sink = new MessageSink();
        await using var subscriber = new MqttClient(broker.ClientOptions("order-sink"), sink.HandleAsync);
        await subscriber.ConnectAsync();
        await subscriber.SubscribeAsync(topic);

        await using var publisher = new MqttClient(broker.ClientOptions("order-pub", customize: o => o.MaxInFlight = 2));
        await publisher.ConnectAsync();
        var publishes = new Task[Messages];
        for (var i = 0; i < Messages; i++)
        {
            // QoS 1 only: mosquitto may forward QoS 0 ahead of QoS 1 messages queued for the subscriber, which
            // is the broker's business; mixed QoS is checked at the wire in PublishOrderTests.
            publishes[i] = publisher.PublishAsync(topic, Encoding.ASCII.GetBytes(i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        await Task.WhenAll(publishes).WaitAsync(TimeSpan.FromSeconds(60));
        await sink.WaitForAsync(s => s.Messages.Count >= Messages, TimeSpan.FromSeconds(60));
        Assert.Equal(Enumerable.Range(0, Messages).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), sink.Payloads);
    }
}
