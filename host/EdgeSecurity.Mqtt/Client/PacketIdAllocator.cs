namespace EdgeSecurity.Mqtt.Client;

/// <summary>Hands out packet identifiers 1..65535 that are not in use; the caller holds the session lock.</summary>
internal sealed class PacketIdAllocator
{
    private readonly HashSet<ushort> _inUse = [];
    private ushort _next;

    public int Count => _inUse.Count;

    public ushort Allocate()
    {
        if (_inUse.Count >= ushort.MaxValue)
        {
            throw new InvalidOperationException("All 65535 MQTT packet identifiers are in use.");
        }

        do
        {
            _next = _next == ushort.MaxValue ? (ushort)1 : (ushort)(_next + 1);
        }
        while (!_inUse.Add(_next));
        return _next;
    }

    public void Release(ushort id) => _inUse.Remove(id);
}
