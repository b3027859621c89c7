using EdgeSecurity.Broker.Cluster;
using EdgeSecurity.Host.Configuration;
using EdgeSecurity.Host.Hosting.RabbitMq;
using Microsoft.Extensions.Options;

namespace EdgeSecurity.Host.Attestation;

/// <summary>Attestation answers on the RabbitMQ engine: the cluster's command-results queue into the same <see cref="AttestationAnswerHandler"/> as on mosquitto.</summary>
public sealed class RabbitMqAttestationConsumer(AttestationAnswerHandler handler, RabbitMqSession session, IOptions<EdgeSecurityHostOptions> options, ILogger<RabbitMqAttestationConsumer> logger)
    : RabbitMqQueueConsumer(session, options.Value.Broker.RabbitMq.Prefetch, logger)
{
    protected override string Queue => RabbitMqTopology.CommandResultsQueue;

    protected override int HandlerConcurrency => 1;

    protected override Task HandleAsync(string topic, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken) =>
        handler.HandleAsync(topic, payload, cancellationToken);
}
