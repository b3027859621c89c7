namespace EdgeSecurity.Firmware.Core.Ota
{
    /// <summary>
    /// Decides whether a trial boot's bundle may be confirmed (docs/ota.md, "health check"). Polled from the
    /// agent's loop during a trial; an application adds its own conditions by implementing it.
    /// </summary>
    public interface IHealthCheck
    {
        HealthVerdict Evaluate(long uptimeMs);

        /// <summary>Why the last verdict was given (for the report and the event).</summary>
        string Reason { get; }
    }
}
