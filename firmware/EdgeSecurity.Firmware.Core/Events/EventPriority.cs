namespace EdgeSecurity.Firmware.Core.Events
{
    /// <summary>What the journal gives up first when full: telemetry before security events.</summary>
    public enum EventPriority
    {
        Telemetry = 0,
        Security = 1,
    }
}
