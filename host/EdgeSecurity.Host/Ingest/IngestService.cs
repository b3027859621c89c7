using EdgeSecurity.Firmware.Core.Topics;
using EdgeSecurity.Host.Configuration;
using EdgeSecurity.Host.Hosting;
using EdgeSecurity.Mqtt.Client;
using EdgeSecurity.Pki;
using Microsoft.Extensions.Options;

namespace EdgeSecurity.Host.Ingest;

/// <summary>
/// The ingest connection: every device's event topic through the shared group, so several host instances
/// share the load. Each message goes to <see cref="EventIngestor"/>; acks go out on the same connection.
/// </summary>
public sealed class IngestService(
    EventIngestor ingestor,
    MqttAckPublisher acks,
    BrokerEndpoint endpoint,
    PkiLayout pki,
    IOptions<EdgeSecurityHostOptions> options) : SharedSubscriptionConnection(endpoint, pki, options.Value.Ingest)
{
    protected override string ClientId => options.Value.Ingest.ClientId;

    protected override int HandlerConcurrency => options.Value.Ingest.Concurrency;

    protected override string Leaf => DeviceTopics.Events;

    protected override Task HandleAsync(string topic, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken) =>
        ingestor.HandleAsync(topic, payload, cancellationToken);

    protected override void Attached(MqttClient client) => acks.Attach(client);
}
