namespace EdgeSecurity.Firmware.Core.Agent
{
    /// <summary>Where the supervision of this boot's trial stands.</summary>
    public enum TrialOutcome
    {
        /// <summary>This boot is not a trial: nothing to supervise.</summary>
        NotATrial = 0,

        /// <summary>The trial runs; its health is not decided yet.</summary>
        Running = 1,

        /// <summary>The health check passed and the trial was confirmed (the counter may have risen).</summary>
        Confirmed = 2,

        /// <summary>The trial was rejected: reboot, the next boot runs the confirmed slot and reports the rollback.</summary>
        Rejected = 3,
    }
}
