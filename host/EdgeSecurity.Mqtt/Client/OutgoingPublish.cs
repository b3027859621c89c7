using System.Buffers.Binary;

namespace EdgeSecurity.Mqtt.Client;

/// <summary>
/// A PUBLISH the client accepted: waiting in the <see cref="PublishOutbox"/> for its turn, or (QoS 1) handed to a
/// connection and awaiting PUBACK. A QoS 1 message keeps its encoded bytes until PUBACK so that a resend after a
/// reconnect is exactly the same message with DUP set, whatever the caller does with its buffer meanwhile.
/// </summary>
internal sealed class OutgoingPublish
{
    private const int NoPacketId = -1;
    private readonly int _packetIdOffset;

    private OutgoingPublish(OutgoingFrame frame, int packetIdOffset)
    {
        Frame = frame;
        _packetIdOffset = packetIdOffset;
    }

    /// <summary>The encoded packet: pooled for QoS 0 (given to the connection once written), owned for QoS 1.</summary>
    public OutgoingFrame Frame { get; }

    public bool AtLeastOnce => _packetIdOffset != NoPacketId;

    /// <summary>0 until a QoS 1 message takes an in-flight slot; then its packet identifier until PUBACK.</summary>
    public ushort PacketId { get; private set; }

    /// <summary>The connection generation it was last handed to; 0 = never handed to any connection.</summary>
    public int SentOnGeneration { get; set; }

    /// <summary>QoS 0: handed to the connection. QoS 1: acknowledged by the broker.</summary>
    public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Links of the one <see cref="PublishList"/> it is in, if any (no list node allocated per publish).</summary>
    public PublishList? List { get; set; }

    public OutgoingPublish? Previous { get; set; }

    public OutgoingPublish? Next { get; set; }

    public static OutgoingPublish AtMostOnceOf(OutgoingFrame pooled) => new(pooled, NoPacketId);

    /// <param name="encoded">Encoded with a placeholder packet id that <see cref="AssignPacketId"/> overwrites.</param>
    /// <param name="payloadLength">The packet id sits right before the payload.</param>
    public static OutgoingPublish AtLeastOnceOf(byte[] encoded, int payloadLength) =>
        new(new OutgoingFrame(encoded, encoded.Length, Pooled: false), encoded.Length - payloadLength - 2);

    public void AssignPacketId(ushort id)
    {
        PacketId = id;
        BinaryPrimitives.WriteUInt16BigEndian(Frame.Buffer.AsSpan(_packetIdOffset), id);
    }

    /// <summary>Sets the DUP flag (fixed header bit 3) for a resend.</summary>
    public void MarkDuplicate() => Frame.Buffer[0] |= 0x08;
}
