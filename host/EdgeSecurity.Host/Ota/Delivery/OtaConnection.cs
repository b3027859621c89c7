using EdgeSecurity.Host.Configuration;
using EdgeSecurity.Host.Hosting;
using EdgeSecurity.Host.Ingest;
using EdgeSecurity.Mqtt.Client;
using EdgeSecurity.Mqtt.Packets;
using EdgeSecurity.Pki;
using EdgeSecurity.Firmware.Core.Topics;
using Microsoft.Extensions.Options;

namespace EdgeSecurity.Host.Ota.Delivery;

/// <summary>
/// The OTA connection: its own MQTT client (client id "{Ingest:ClientId}-ota", persistent session, host-service
/// certificate) with a shared subscription to every device's ota/report, so several host instances share
/// reports and chunk requests; offers and chunks go out on it. Separate from ingest so chunk traffic never
/// delays event acks.
/// </summary>
public sealed class OtaConnection(
    OtaReportHandler handler,
    MqttOtaPublisher publisher,
    BrokerEndpoint endpoint,
    PkiLayout pki,
    IOptions<EdgeSecurityHostOptions> options) : IHostedService, IAsyncDisposable
{
    private MqttClient? _client;

    public bool IsConnected => _client?.IsConnected ?? false;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var ingest = options.Value.Ingest;
        _client = ServiceMqttClient.Create(
            endpoint,
            pki,
            ingest.ClientId + "-ota",
            Math.Max(1, ingest.Concurrency / 4),
            (message, ct) => new ValueTask(handler.HandleAsync(message.Topic, message.Payload, ct)));
        publisher.Attach(_client);
        await _client.ConnectAsync(cancellationToken).ConfigureAwait(false);
        // The same secret group as ingest (decision 110): a device that could guess it could take reports and chunk requests.
        string group = ShareGroupName.Resolve(ingest.ShareGroup, pki);
        await _client.SubscribeAsync(DeviceTopics.SharedAllDevices(group, DeviceTopics.OtaReport), MqttQos.AtLeastOnce, cancellationToken).ConfigureAwait(false);
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
