using EdgeSecurity.Firmware.Core.Platform;

namespace EdgeSecurity.Firmware.Core.Tests.Upload;

/// <summary>An in-memory broker session: records publishes, can refuse them, and delivers acks to the subscriber.</summary>
internal sealed class FakeTransport : IMessageTransport
{
    private readonly Dictionary<string, IMessageReceiver> _receivers = new(StringComparer.Ordinal);

    public bool IsConnected { get; set; } = true;

    public bool RefusePublishes { get; set; }

    public List<(string Topic, byte[] Payload)> Published { get; } = [];

    /// <summary>Every call of <see cref="Publish"/>, also the refused ones.</summary>
    public int PublishAttempts { get; private set; }

    public bool Publish(string topic, byte[] payload)
    {
        PublishAttempts++;
        if (!IsConnected || RefusePublishes)
        {
            return false;
        }

        Published.Add((topic, payload));
        return true;
    }

    public void Subscribe(string topic, IMessageReceiver receiver) => _receivers[topic] = receiver;

    public void Deliver(string topic, byte[] payload) => _receivers[topic].OnMessage(topic, payload);
}
