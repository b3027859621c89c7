namespace EdgeSecurity.Firmware.Core.Boot
{
    /// <summary>What <see cref="BootTable"/> decided for one boot.</summary>
    public enum BootAction
    {
        /// <summary>Run the pending trial; one attempt is spent in the same save.</summary>
        RunTrial = 1,

        /// <summary>Run a slot whose record is confirmed and which holds exactly that bundle.</summary>
        RunConfirmed = 2,

        /// <summary>Nothing may run: only the agent (report, accept an update).</summary>
        SafeMode = 3,
    }
}
