using System.Collections.Concurrent;
using EdgeSecurity.Firmware.Core.Topics;
using EdgeSecurity.Host.Ota.Delivery;

namespace EdgeSecurity.Host.Tests.Support;

/// <summary>An <see cref="IOtaPublisher"/> that only records: what a second host instance would have sent.</summary>
internal sealed class RecordingOtaPublisher : IOtaPublisher
{
    private readonly ConcurrentQueue<(string DeviceId, string Leaf, byte[] Payload)> _sent = new();

    /// <summary>The offers recorded, in publishing order.</summary>
    public IReadOnlyList<(string DeviceId, byte[] Payload)> Offers =>
        [.. _sent.Where(m => m.Leaf == DeviceTopics.OtaOffer).Select(m => (m.DeviceId, m.Payload))];

    public Task PublishAsync(string deviceId, string leaf, byte[] payload, CancellationToken cancellationToken)
    {
        _sent.Enqueue((deviceId, leaf, payload));
        return Task.CompletedTask;
    }
}
