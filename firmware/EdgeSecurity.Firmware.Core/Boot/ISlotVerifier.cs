namespace EdgeSecurity.Firmware.Core.Boot
{
    /// <summary>Fully verifies what one slot holds: <see cref="SignedSlotVerifier"/> on the device and in tests.</summary>
    public interface ISlotVerifier
    {
        /// <summary>Verifies the slot's manifest and every component; never throws for bad content.</summary>
        SlotVerification Verify(int slot, long minimumCounter);
    }
}
