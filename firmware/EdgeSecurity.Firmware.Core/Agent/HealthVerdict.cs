namespace EdgeSecurity.Firmware.Core.Agent
{
    /// <summary>What a health check says about a trial boot so far.</summary>
    public enum HealthVerdict
    {
        /// <summary>Not decided yet: evaluate again later.</summary>
        Pending = 0,

        /// <summary>The trial is healthy: confirm it.</summary>
        Healthy = 1,

        /// <summary>The trial failed (condition not met in time, or a definite failure): reject it.</summary>
        Unhealthy = 2,
    }
}
