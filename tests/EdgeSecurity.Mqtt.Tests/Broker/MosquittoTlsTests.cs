using System.Text;
using EdgeSecurity.Mqtt.Client;
using EdgeSecurity.Mqtt.Packets;
using EdgeSecurity.Mqtt.Tests.Infrastructure;

namespace EdgeSecurity.Mqtt.Tests.Broker;

/// <summary>The client against a real mosquitto over mutual TLS.</summary>
[Collection(MosquittoCollection.Name)]
public sealed class MosquittoTlsTests(SharedMosquitto shared)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private readonly MosquittoBroker _broker = shared.Broker;

    [Fact]
    [Trait("Requirement", "SR-MQTT-001")]
    public async Task Publishes_qos0_and_qos1_over_mutual_tls_and_receives_them()
    {
        var sink = new MessageSink();
        await using var subscriber = new MqttClient(_broker.ClientOptions("tls-sub"), sink.HandleAsync);
        await using var publisher = new MqttClient(_broker.ClientOptions("tls-pub"));
        await subscriber.ConnectAsync();
        await publisher.ConnectAsync();
        var granted = await subscriber.SubscribeAsync("tls/roundtrip/#");
        Assert.Equal([MqttSubAckCode.GrantedQos1], granted);

        await publisher.PublishAsync("tls/roundtrip/a", "zero"u8.ToArray(), MqttQos.AtMostOnce);
        await publisher.PublishAsync("tls/roundtrip/b", "one"u8.ToArray(), MqttQos.AtLeastOnce);
        await sink.WaitForAsync(s => s.Messages.Count >= 2, Timeout);
        Assert.Equal(["one", "zero"], sink.Payloads.Order());
        Assert.Contains(sink.Messages, m => m.Topic == "tls/roundtrip/b" && m.Qos == MqttQos.AtLeastOnce);
    }

    [Fact]
    [Trait("Requirement", "SR-MQTT-002")]
    public async Task A_broker_certificate_from_another_ca_is_refused()
    {
        using var otherPki = new TestCertificates("Some Other CA");
        await using var client = new MqttClient(_broker.ClientOptions("wrong-ca", customize: o => o.Ca = otherPki.CaPublic));
        var error = await Assert.ThrowsAsync<MqttTransportException>(() => client.ConnectAsync());
        Assert.Contains("does not chain to the configured CA", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Requirement", "SR-MQTT-002")]
    public async Task A_broker_certificate_for_another_host_name_is_refused()
    {
        await using var client = new MqttClient(_broker.ClientOptions("wrong-name", customize: o => o.TargetHost = "broker.example.com"));
        var error = await Assert.ThrowsAsync<MqttTransportException>(() => client.ConnectAsync());
        Assert.Contains("subject alternative names", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Requirement", "SR-MQTT-001")]
    public async Task Without_a_client_certificate_the_broker_refuses_the_connection()
    {
        await using var client = new MqttClient(_broker.ClientOptions("no-cert", customize: o => o.ClientCertificate = null));
        await Assert.ThrowsAnyAsync<MqttException>(() => client.ConnectAsync());
        Assert.False(client.IsConnected);
    }

    [Fact]
    [Trait("Requirement", "SR-MQTT-008")]
    public async Task The_will_is_published_when_a_client_disappears_without_disconnect()
    {
        var sink = new MessageSink();
        await using var watcher = new MqttClient(_broker.ClientOptions("will-watcher"), sink.HandleAsync);
        await watcher.ConnectAsync();
        await watcher.SubscribeAsync("will/device-7");
        await using var device = new MqttClient(_broker.ClientOptions("will-device", customize: o =>
        {
            o.Will = new MqttWill("will/device-7", "offline"u8.ToArray());
            o.Reconnect = false;
        }));
        await device.ConnectAsync();

        device.DropConnection();
        await sink.WaitForAsync(s => s.Messages.Count >= 1, Timeout);
        Assert.Equal("offline", Assert.Single(sink.Payloads));
    }

    [Fact]
    public async Task The_will_is_not_published_after_an_orderly_disconnect()
    {
        var sink = new MessageSink();
        await using var watcher = new MqttClient(_broker.ClientOptions("will-watcher-2"), sink.HandleAsync);
        await watcher.ConnectAsync();
        await watcher.SubscribeAsync("will/device-8");
        await using var device = new MqttClient(_broker.ClientOptions("will-device-2", customize: o => o.Will = new MqttWill("will/device-8", "offline"u8.ToArray())));
        await device.ConnectAsync();
        await device.DisconnectAsync();

        // A marker published after the disconnect arrives; the will, had it been sent, would have come first.
        await watcher.PublishAsync("will/device-8", "marker"u8.ToArray());
        await sink.WaitForAsync(s => s.Messages.Count >= 1, Timeout);
        Assert.Equal("marker", sink.Payloads.First());
    }

    [Fact]
    public async Task Keepalive_pings_keep_an_idle_connection_open()
    {
        await using var client = new MqttClient(_broker.ClientOptions("idle", customize: o => o.KeepAlive = TimeSpan.FromSeconds(1)));
        await client.ConnectAsync();
        await Task.Delay(TimeSpan.FromSeconds(3.5));
        Assert.True(client.IsConnected);
        Assert.Null(client.LastDisconnectReason);
        await client.PublishAsync("idle/check", "x"u8.ToArray());
    }

    [Fact]
    [Trait("Requirement", "SR-MQTT-007")]
    public async Task A_persistent_session_receives_what_was_published_while_it_was_away()
    {
        var first = new MessageSink();
        await using (var away = new MqttClient(_broker.ClientOptions("persistent-sub", cleanSession: false), first.HandleAsync))
        {
            await away.ConnectAsync();
            await away.SubscribeAsync("persist/#");
            await away.DisconnectAsync();
        }

        await using (var publisher = new MqttClient(_broker.ClientOptions("persistent-pub")))
        {
            await publisher.ConnectAsync();
            for (var i = 0; i < 5; i++)
            {
                await publisher.PublishAsync("persist/x", Encoding.UTF8.GetBytes($"m{i}"));
            }
        }

        var second = new MessageSink();
        await using var back = new MqttClient(_broker.ClientOptions("persistent-sub", cleanSession: false), second.HandleAsync);
        var result = await back.ConnectAsync();
        Assert.True(result.SessionPresent);
        await second.WaitForAsync(s => s.Messages.Count >= 5, Timeout);
        Assert.Equal(["m0", "m1", "m2", "m3", "m4"], second.Payloads);
    }

    [Fact]
    public async Task Cancelling_a_publish_that_waits_for_a_slot_leaves_the_client_usable()
    {
        await using var client = new MqttClient(_broker.ClientOptions("cancel", customize: o => o.MaxInFlight = 1));
        await client.ConnectAsync();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.PublishAsync("cancel/x", "x"u8.ToArray(), cancellationToken: cancelled.Token));
        await client.PublishAsync("cancel/x", "y"u8.ToArray()).WaitAsync(Timeout);
        Assert.Equal(0, client.InFlightCount);
    }
}
