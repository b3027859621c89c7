namespace EdgeSecurity.Firmware.Core.Ota
{
    /// <summary>What a health check says about the bundle on trial.</summary>
    public enum HealthVerdict
    {
        /// <summary>Not decided yet: ask again later.</summary>
        Pending = 0,

        /// <summary>The bundle works: confirm it.</summary>
        Healthy = 1,

        /// <summary>The bundle does not work (or did not show it in time): reject it and roll back.</summary>
        Unhealthy = 2,
    }
}
