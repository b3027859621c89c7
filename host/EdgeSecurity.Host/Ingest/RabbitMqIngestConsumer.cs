using EdgeSecurity.Broker.Cluster;
using EdgeSecurity.Host.Configuration;
using EdgeSecurity.Host.Hosting.RabbitMq;
using Microsoft.Extensions.Options;

namespace EdgeSecurity.Host.Ingest;

/// <summary>The ingest connection on the RabbitMQ engine: the cluster's events queue into the same <see cref="EventIngestor"/> as on mosquitto.</summary>
public sealed class RabbitMqIngestConsumer(EventIngestor ingestor, RabbitMqSession session, IOptions<EdgeSecurityHostOptions> options, ILogger<RabbitMqIngestConsumer> logger)
    : RabbitMqQueueConsumer(session, options.Value.Broker.RabbitMq.Prefetch, logger)
{
    protected override string Queue => RabbitMqTopology.EventsQueue;

    protected override int HandlerConcurrency => options.Value.Ingest.Concurrency;

    protected override Task HandleAsync(string topic, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken) =>
        ingestor.HandleAsync(topic, payload, cancellationToken);
}
