namespace EdgeSecurity.Mqtt.Client;

/// <summary>
/// A QoS 1 publish awaiting PUBACK. It keeps its encoded bytes so that a resend after reconnect sends exactly
/// the same message (with DUP set), whatever the caller does with its buffer meanwhile.
/// </summary>
internal sealed class PendingPublish(ushort packetId, long sequence, byte[] encoded)
{
    public ushort PacketId { get; } = packetId;

    /// <summary>Order of the original PublishAsync calls, so resends keep it.</summary>
    public long Sequence { get; } = sequence;

    public byte[] Encoded { get; } = encoded;

    /// <summary>The connection generation this was last sent on; 0 = not sent yet.</summary>
    public int SentOnGeneration { get; set; }

    public TaskCompletionSource Acknowledged { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Sets the DUP flag (fixed header bit 3) for a resend.</summary>
    public void MarkDuplicate() => Encoded[0] |= 0x08;
}
