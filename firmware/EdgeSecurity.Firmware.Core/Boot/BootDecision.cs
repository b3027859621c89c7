namespace EdgeSecurity.Firmware.Core.Boot
{
    /// <summary>
    /// What the agent runs after this boot. Application code may be loaded only when
    /// <see cref="MayRunApplication"/>, and only from <see cref="Verified"/>'s slot (docs/boot.md).
    /// </summary>
    public sealed class BootDecision
    {
        internal BootDecision(BootReport report, SlotVerification verified)
        {
            Report = report;
            Verified = verified;
        }

        public BootMode Mode
        {
            get { return Report.Mode; }
        }

        public int Slot
        {
            get { return Report.Slot; }
        }

        public bool IsTrial
        {
            get { return Report.IsTrial; }
        }

        public bool MayRunApplication
        {
            get { return Report.Mode == BootMode.Run; }
        }

        /// <summary>The verification of the slot that runs, or null in safe mode.</summary>
        public SlotVerification Verified { get; }

        public BootReport Report { get; }
    }
}
