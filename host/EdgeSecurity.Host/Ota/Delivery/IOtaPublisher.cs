namespace EdgeSecurity.Host.Ota.Delivery;

/// <summary>Sends host → device OTA messages (offers, chunks) on the device's topic leaf.</summary>
public interface IOtaPublisher
{
    /// <summary>Hands the message to the connection (QoS 1) without waiting for the broker's PUBACK.</summary>
    Task PublishAsync(string deviceId, string leaf, byte[] payload, CancellationToken cancellationToken);
}
