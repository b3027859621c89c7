namespace EdgeSecurity.Firmware.Core.Boot
{
    /// <summary>What the agent may do after the boot decision.</summary>
    public enum BootMode
    {
        /// <summary>Load and run the application of the verified slot.</summary>
        Run = 1,

        /// <summary>A slot verified but runtime containment is in force: run no application code, only report and accept updates.</summary>
        Contained = 2,

        /// <summary>No slot verified: run no application code, only report and accept updates.</summary>
        SafeMode = 3,
    }
}
