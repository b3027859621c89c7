namespace EdgeSecurity.Mqtt.Client;

/// <summary>
/// Hands publishes to the connection in the order PublishAsync accepted them, QoS 0 and QoS 1 alike: a QoS 1
/// message that waits for an in-flight slot holds back everything accepted after it, and after a reconnect
/// the unacknowledged messages go first (DUP, same packet ids, original order), then the ones that waited.
/// Uploaders number their batches; a reordered publish looks like a gap to the host and costs a round trip.
/// Not thread-safe: <see cref="MqttClient"/> calls every member under its session lock, and nothing here waits.
/// </summary>
internal sealed class PublishOutbox(int maxInFlight, PacketIdAllocator packetIds)
{
    /// <summary>Accepted but not handed to the current connection yet, in call order.</summary>
    private readonly PublishList _waiting = new();

    /// <summary>QoS 1 handed to a connection and not acknowledged, in call order (which is the order sent).</summary>
    private readonly PublishList _sent = new();

    /// <summary>QoS 1 holding an in-flight slot, by packet id: sent ones, and a head of the queue that got its slot.</summary>
    private readonly Dictionary<ushort, OutgoingPublish> _inFlight = [];

    public int InFlightCount => _inFlight.Count;

    /// <summary>
    /// Queues <paramref name="frame"/> (a QoS 0 message) directly when nothing waits before it and the connection
    /// has room; the common case, which then costs no outbox entry.
    /// </summary>
    public bool TrySendNow(OutgoingFrame frame, MqttConnection connection) => _waiting.First is null && connection.TryQueue(frame);

    public void Enqueue(OutgoingPublish publish) => _waiting.AddLast(publish);

    /// <summary>
    /// Hands waiting publishes to <paramref name="connection"/> in order until none is left or the first one
    /// needs an in-flight slot and none is free (true), or the connection's write queue is full or closed
    /// (false: call again once it has room).
    /// </summary>
    public bool Drain(MqttConnection connection, int generation)
    {
        while (_waiting.First is { } next)
        {
            if (next.AtLeastOnce && next.PacketId == 0)
            {
                if (_inFlight.Count >= maxInFlight)
                {
                    return true;
                }

                next.AssignPacketId(packetIds.Allocate());
                _inFlight.Add(next.PacketId, next);
            }

            if (!connection.TryQueue(next.Frame))
            {
                return false;
            }

            _waiting.Remove(next);
            next.SentOnGeneration = generation;
            if (next.AtLeastOnce)
            {
                _sent.AddLast(next);
            }
            else
            {
                next.Completion.TrySetResult();
            }
        }

        return true;
    }

    /// <summary>Frees the slot of an acknowledged message; null for an id nothing sent waits for (late or repeated PUBACK).</summary>
    public OutgoingPublish? Acknowledge(ushort packetId)
    {
        if (!_inFlight.TryGetValue(packetId, out var publish) || publish.SentOnGeneration == 0)
        {
            return null;
        }

        ReleaseSlot(publish);

        // Normally in the sent list; in the waiting one if the broker acknowledged before our resend went out.
        publish.List?.Remove(publish);
        return publish;
    }

    /// <summary>
    /// Takes back a publish that no connection has been given (a cancelled caller); false once one has, since
    /// the broker may have it then, and a QoS 1 message stays in flight until acknowledged.
    /// </summary>
    public bool Withdraw(OutgoingPublish publish)
    {
        if (publish.SentOnGeneration != 0 || publish.List != _waiting)
        {
            return false;
        }

        _waiting.Remove(publish);
        ReleaseSlot(publish);
        publish.Frame.Release();
        return true;
    }

    /// <summary>
    /// For a new connection: every message handed to an earlier one and not acknowledged goes back to the head
    /// of the queue, marked DUP, in its original order. Everything sent precedes everything still waiting in call
    /// order (the queue is only ever drained from its head), so the queue stays in call order.
    /// </summary>
    public void Restart()
    {
        for (var publish = _sent.First; publish is not null; publish = publish.Next)
        {
            publish.MarkDuplicate();
        }

        _waiting.Prepend(_sent);
    }

    /// <summary>Empties the outbox (no connection will come): sent messages first, then the waiting ones, in order.</summary>
    public List<OutgoingPublish> TakeAll()
    {
        var all = new List<OutgoingPublish>(_sent.Count + _waiting.Count);
        foreach (var list in new[] { _sent, _waiting })
        {
            while (list.First is { } publish)
            {
                list.Remove(publish);
                ReleaseSlot(publish);
                if (publish.SentOnGeneration == 0)
                {
                    // A QoS 0 frame never handed over is still ours to return to the pool.
                    publish.Frame.Release();
                }

                all.Add(publish);
            }
        }

        return all;
    }

    private void ReleaseSlot(OutgoingPublish publish)
    {
        // The id may already belong to a newer message if this one's slot was freed before.
        if (publish.PacketId != 0 && _inFlight.TryGetValue(publish.PacketId, out var holder) && holder == publish)
        {
            _inFlight.Remove(publish.PacketId);
            packetIds.Release(publish.PacketId);
        }
    }
}
