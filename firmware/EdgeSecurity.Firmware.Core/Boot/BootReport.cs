using EdgeSecurity.Firmware.Core.Integrity;

namespace EdgeSecurity.Firmware.Core.Boot
{
    /// <summary>
    /// Everything one boot decided and why, as plain data: the security-event layer turns it into events.
    /// Counters are those stored after the decision.
    /// </summary>
    public sealed class BootReport
    {
        public BootMode Mode { get; internal set; }

        public BootOutcome Outcome { get; internal set; }

        /// <summary>The slot that runs, or <see cref="BootSlot.None"/> in safe mode.</summary>
        public int Slot { get; internal set; }

        public bool IsTrial { get; internal set; }

        /// <summary>Version of the bundle that runs, or empty.</summary>
        public string Version { get; internal set; } = string.Empty;

        /// <summary>Security counter of the bundle that runs, or -1.</summary>
        public long BundleCounter { get; internal set; } = -1;

        public long ConfirmedCounter { get; internal set; }

        public long BootCount { get; internal set; }

        public int TrialAttemptsLeft { get; internal set; }

        /// <summary>True when the slot that runs is not the one the boot state chose first.</summary>
        public bool FallbackTaken { get; internal set; }

        /// <summary>The trial slot abandoned at this boot (or by the last health check), else <see cref="BootSlot.None"/>.</summary>
        public int RolledBackFrom { get; internal set; }

        public RollbackReason RollbackReason { get; internal set; }

        /// <summary>False when no valid boot state was found (a blank or wiped volume): worth an alert on a provisioned device.</summary>
        public bool StateFound { get; internal set; }

        public ContainmentState Containment { get; internal set; }

        /// <summary>Every slot verification that failed at this boot, in the order tried.</summary>
        public SlotVerification[] Failures { get; internal set; } = new SlotVerification[0];

        public override string ToString()
        {
            string text = "boot " + BootCount.ToString() + ": " + Mode.ToString() + " slot " + BootSlot.Name(Slot) + (IsTrial ? " (trial)" : string.Empty)
                + " version " + Version + " counter " + BundleCounter.ToString() + "/" + ConfirmedCounter.ToString();
            for (int i = 0; i < Failures.Length; i++)
            {
                text += "; " + Failures[i].ToString();
            }

            return text;
        }
    }
}
