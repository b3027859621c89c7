namespace EdgeSecurity.Broker.Supervision;

/// <summary>A changed CRL was applied without a restart: the devices it newly revokes were disconnected.</summary>
public sealed class RevocationsAppliedEventArgs(IReadOnlyList<string> disconnectedDevices, TimeSpan duration) : EventArgs
{
    /// <summary>Ids of the devices whose certificate the new CRL revokes (each was disconnected).</summary>
    public IReadOnlyList<string> DisconnectedDevices { get; } = disconnectedDevices;

    /// <summary>From noticing the new CRL to the last disconnect.</summary>
    public TimeSpan Duration { get; } = duration;
}
