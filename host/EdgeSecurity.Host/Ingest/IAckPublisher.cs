namespace EdgeSecurity.Host.Ingest;

/// <summary>Sends an encoded ack to a device's ack topic (the ingest service's MQTT connection).</summary>
public interface IAckPublisher
{
    Task PublishAckAsync(string deviceId, byte[] ack, CancellationToken cancellationToken);
}
