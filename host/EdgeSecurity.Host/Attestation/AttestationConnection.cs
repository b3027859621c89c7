using EdgeSecurity.Firmware.Core.Topics;
using EdgeSecurity.Host.Configuration;
using EdgeSecurity.Host.Hosting;
using EdgeSecurity.Mqtt.Client;
using EdgeSecurity.Pki;
using Microsoft.Extensions.Options;

namespace EdgeSecurity.Host.Attestation;

/// <summary>
/// Attestation answers on mosquitto: its own MQTT client (client id "{Ingest:ClientId}-att") taking every device's
/// command-result leaf through the secret shared group, so several host instances share the answers. Challenges go
/// out on the OTA connection's publisher; this connection only receives.
/// </summary>
public sealed class AttestationConnection(
    AttestationAnswerHandler handler,
    BrokerEndpoint endpoint,
    PkiLayout pki,
    IOptions<EdgeSecurityHostOptions> options) : SharedSubscriptionConnection(endpoint, pki, options.Value.Ingest)
{
    protected override string ClientId => options.Value.Ingest.ClientId + "-att";

    protected override int HandlerConcurrency => 1;

    protected override string Leaf => DeviceTopics.CommandResults;

    protected override Task HandleAsync(string topic, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken) =>
        handler.HandleAsync(topic, payload, cancellationToken);

    protected override void Attached(MqttClient client)
    {
        // Receives only: nothing publishes on this connection.
    }
}
