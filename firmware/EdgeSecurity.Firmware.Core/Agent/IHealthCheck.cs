namespace EdgeSecurity.Firmware.Core.Agent
{
    /// <summary>
    /// The condition a trial boot must meet before it is confirmed (docs/boot.md, "health check").
    /// <see cref="TrialSupervisor"/> evaluates it from the agent loop until it is no longer pending and
    /// turns the verdict into <c>Confirm</c> or <c>RejectTrial</c>. <see cref="BootReportHealthCheck"/> is the
    /// default; a product (or the update client) can supply its own.
    /// </summary>
    public interface IHealthCheck
    {
        /// <summary>The verdict at <paramref name="uptimeMilliseconds"/>; once not pending it must not change.</summary>
        HealthVerdict Evaluate(long uptimeMilliseconds);

        /// <summary>Why the last verdict is what it is (reported in the confirmation or rollback event).</summary>
        string Reason { get; }
    }
}
