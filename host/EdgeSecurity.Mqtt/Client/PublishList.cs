namespace EdgeSecurity.Mqtt.Client;

/// <summary>
/// A FIFO of publishes linked through the publishes themselves, so that no node is allocated per publish: append
/// and removal from anywhere (a cancelled publish) are O(1); moving a whole list in front of another (resends
/// after a reconnect) allocates nothing. Not thread-safe; a publish is in at most one list.
/// </summary>
internal sealed class PublishList
{
    private OutgoingPublish? _last;

    public OutgoingPublish? First { get; private set; }

    public int Count { get; private set; }

    public void AddLast(OutgoingPublish publish)
    {
        publish.List = this;
        publish.Previous = _last;
        publish.Next = null;
        if (_last is null)
        {
            First = publish;
        }
        else
        {
            _last.Next = publish;
        }

        _last = publish;
        Count++;
    }

    public void Remove(OutgoingPublish publish)
    {
        if (publish.List != this)
        {
            throw new InvalidOperationException("The publish is not in this list.");
        }

        if (publish.Previous is null)
        {
            First = publish.Next;
        }
        else
        {
            publish.Previous.Next = publish.Next;
        }

        if (publish.Next is null)
        {
            _last = publish.Previous;
        }
        else
        {
            publish.Next.Previous = publish.Previous;
        }

        publish.List = null;
        publish.Previous = null;
        publish.Next = null;
        Count--;
    }

    /// <summary>Moves every publish of <paramref name="front"/>, in its order, before this list's first one.</summary>
    public void Prepend(PublishList front)
    {
        if (front.First is null)
        {
            return;
        }

        for (var publish = front.First; publish is not null; publish = publish.Next)
        {
            publish.List = this;
        }

        front._last!.Next = First;
        if (First is null)
        {
            _last = front._last;
        }
        else
        {
            First.Previous = front._last;
        }

        First = front.First;
        Count += front.Count;
        front.First = null;
        front._last = null;
        front.Count = 0;
    }
}
