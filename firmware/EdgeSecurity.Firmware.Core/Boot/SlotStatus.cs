namespace EdgeSecurity.Firmware.Core.Boot
{
    /// <summary>
    /// What the boot state vouches for about one slot (docs/boot.md, "slot records"). Only a slot whose
    /// record is <see cref="Confirmed"/> may run outside a trial, and only while it holds exactly the signed
    /// manifest the record names. Stable numbers: they are stored in the boot state.
    /// </summary>
    public enum SlotStatus
    {
        /// <summary>Nothing vouched for: blank, being written, or an install that never completed.</summary>
        Empty = 0,

        /// <summary>A completed, verified install waiting for (or running) its trial; never a fallback.</summary>
        Pending = 1,

        /// <summary>Holds a bundle that passed its trial (or was verified at factory provisioning).</summary>
        Confirmed = 2,

        /// <summary>Holds a bundle whose trial failed (health check, attempts, verification); never a fallback.</summary>
        Rejected = 3,
    }
}
