namespace EdgeSecurity.Mqtt.Client;

/// <summary>Hands out packet identifiers 1..65535 that are not in use; the caller holds the session lock.</summary>
internal sealed class PacketIdAllocator
{
    private readonly HashSet<ushort> inUse = [];
    private ushort next;

    public int Count => inUse.Count;

    public ushort Allocate()
    {
        if (inUse.Count >= ushort.MaxValue)
        {
            throw new InvalidOperationException("All 65535 MQTT packet identifiers are in use.");
        }

        do
        {
            next = next == ushort.MaxValue ? (ushort)1 : (ushort)(next + 1);
        }
        while (!inUse.Add(next));
        return next;
    }

    public void Release(ushort id) => inUse.Remove(id);
}
