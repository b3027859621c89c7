using EdgeSecurity.Firmware.Core.Topics;
using EdgeSecurity.Host.Configuration;
using EdgeSecurity.Host.Hosting;
using EdgeSecurity.Mqtt.Client;
using EdgeSecurity.Pki;
using Microsoft.Extensions.Options;

namespace EdgeSecurity.Host.Ota.Delivery;

/// <summary>
/// The OTA connection: its own MQTT client (client id "{Ingest:ClientId}-ota") taking every device's
/// ota/report (reports and chunk requests) through the shared group, so several host instances share them;
/// offers and chunks go out on it. Separate from ingest so chunk traffic never delays event acks.
/// </summary>
public sealed class OtaConnection(
    OtaReportHandler handler,
    MqttOtaPublisher publisher,
    BrokerEndpoint endpoint,
    PkiLayout pki,
    IOptions<EdgeSecurityHostOptions> options) : SharedSubscriptionConnection(endpoint, pki, options.Value.Ingest)
{
    protected override string ClientId => options.Value.Ingest.ClientId + "-ota";

    protected override int HandlerConcurrency => Math.Max(1, options.Value.Ingest.Concurrency / 4);

    protected override string Leaf => DeviceTopics.OtaReport;

    protected override Task HandleAsync(string topic, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken) =>
        handler.HandleAsync(topic, payload, cancellationToken);

    protected override void Attached(MqttClient client) => publisher.Attach(client);
}
