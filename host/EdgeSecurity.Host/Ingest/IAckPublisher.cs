namespace EdgeSecurity.Host.Ingest;

/// <summary>Sends an encoded ack to a device's ack topic (the ingest service's MQTT connection).</summary>
public interface IAckPublisher
{
    /// <summary>
    /// Hands the ack to the connection (QoS 1) and returns without waiting for the broker's PUBACK, so one
    /// device's next message is not held up by a round trip. An ack lost on the way is harmless: the device
    /// keeps its records, resends them after its ack timeout, and the host acks the duplicates again.
    /// </summary>
    Task PublishAckAsync(string deviceId, byte[] ack, CancellationToken cancellationToken);
}
