namespace EdgeSecurity.Firmware.Core.Boot
{
    /// <summary>How the last boot decision ended; persisted in the boot state and reported.</summary>
    public enum BootOutcome
    {
        /// <summary>No boot has been decided yet (factory state).</summary>
        None = 0,

        /// <summary>The confirmed slot verified and runs.</summary>
        Confirmed = 1,

        /// <summary>A pending trial slot verified and runs on trial.</summary>
        Trial = 2,

        /// <summary>The chosen slot failed verification and the other, verified slot runs.</summary>
        Fallback = 3,

        /// <summary>A trial ended without confirmation (failed verification, health check, or attempts) and the previous slot runs.</summary>
        RolledBack = 4,

        /// <summary>No slot verified: only the agent runs, reporting and accepting updates.</summary>
        SafeMode = 5,
    }
}
