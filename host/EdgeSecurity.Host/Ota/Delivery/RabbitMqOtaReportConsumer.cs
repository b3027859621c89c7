using EdgeSecurity.Broker.Cluster;
using EdgeSecurity.Host.Configuration;
using EdgeSecurity.Host.Hosting.RabbitMq;
using Microsoft.Extensions.Options;

namespace EdgeSecurity.Host.Ota.Delivery;

/// <summary>OTA reports and chunk requests on the RabbitMQ engine: the cluster's OTA reports queue into the same <see cref="OtaReportHandler"/> as on mosquitto.</summary>
public sealed class RabbitMqOtaReportConsumer(OtaReportHandler handler, RabbitMqSession session, IOptions<EdgeSecurityHostOptions> options, ILogger<RabbitMqOtaReportConsumer> logger)
    : RabbitMqQueueConsumer(session, options.Value.Broker.RabbitMq.Prefetch, logger)
{
    protected override string Queue => RabbitMqTopology.OtaReportsQueue;

    protected override int HandlerConcurrency => Math.Max(1, options.Value.Ingest.Concurrency / 4);

    protected override Task HandleAsync(string topic, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken) =>
        handler.HandleAsync(topic, payload, cancellationToken);
}
