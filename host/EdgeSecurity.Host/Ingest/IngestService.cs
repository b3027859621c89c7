using EdgeSecurity.Firmware.Core.Topics;
using EdgeSecurity.Host.Configuration;
using EdgeSecurity.Host.Hosting;
using EdgeSecurity.Mqtt.Client;
using EdgeSecurity.Mqtt.Packets;
using EdgeSecurity.Pki;
using Microsoft.Extensions.Options;

namespace EdgeSecurity.Host.Ingest;

/// <summary>
/// The ingest connection: mutual TLS with the host-service certificate, a persistent session, and a
/// shared subscription to every device's event topic so several host instances share the load. Each
/// message goes to <see cref="EventIngestor"/>; the client PUBACKs only after it returned.
/// </summary>
public sealed class IngestService(
    EventIngestor ingestor,
    MqttAckPublisher acks,
    BrokerEndpoint endpoint,
    PkiLayout pki,
    IOptions<EdgeSecurityHostOptions> options) : IHostedService, IAsyncDisposable
{
    private MqttClient? _client;

    public bool IsConnected => _client?.IsConnected ?? false;

    /// <summary>How often the ingest connection was lost and re-established (a failing handler drops it on purpose, so the broker redelivers).</summary>
    public int Reconnects => _client?.ReconnectCount ?? 0;

    /// <summary>Why the ingest connection was last lost, if it was.</summary>
    public Exception? LastDisconnectReason => _client?.LastDisconnectReason;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var ingest = options.Value.Ingest;
        _client = ServiceMqttClient.Create(
            endpoint,
            pki,
            ingest.ClientId,
            ingest.Concurrency,
            (message, ct) => new ValueTask(ingestor.HandleAsync(message.Topic, message.Payload, ct)));
        acks.Attach(_client);
        await _client.ConnectAsync(cancellationToken).ConfigureAwait(false);

        // Always subscribe, also when the broker kept our session: the client re-subscribes after a
        // reconnect only to filters it was given, and a broker that crashes later loses the session.
        // Subscribing again to the same filter is idempotent at the broker.
        string group = ShareGroupName.Resolve(ingest.ShareGroup, pki);
        await _client.SubscribeAsync(DeviceTopics.SharedAllDevices(group, DeviceTopics.Events), MqttQos.AtLeastOnce, cancellationToken).ConfigureAwait(false);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_client is { IsConnected: true })
        {
            await _client.DisconnectAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Registered as itself and as a hosted service, so the container disposes it twice.
        var owned = Interlocked.Exchange(ref _client, null);
        if (owned is not null)
        {
            await owned.DisposeAsync().ConfigureAwait(false);
        }
    }
}
