namespace EdgeSecurity.Host.Storage.Model;

/// <summary>A hole in a device's chain (sequences <paramref name="FirstSequence"/> to <paramref name="LastSequence"/>)
/// that an alert reported as unexplained.</summary>
public sealed record AlertGap(long AlertId, long FirstSequence, long LastSequence)
{
    public bool IsCoveredBy(long firstDropped, long lastDropped) => firstDropped <= FirstSequence && lastDropped >= LastSequence;
}
