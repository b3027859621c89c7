namespace EdgeSecurity.Firmware.Core.Boot
{
    /// <summary>What verifying a slot at this boot said, relative to the slot's record: the input of <see cref="BootTable"/>.</summary>
    public enum SlotCheck
    {
        /// <summary>Not verified (yet): <see cref="BootTable.NextToVerify"/> says whether the decision needs it.</summary>
        NotVerified = 0,

        /// <summary>The slot does not verify in full (signatures, hardware class, counter, components).</summary>
        Invalid = 1,

        /// <summary>The slot verifies and holds exactly the signed manifest its record is bound to.</summary>
        Recorded = 2,

        /// <summary>The slot verifies but holds another signed manifest than its record names (or it has no record).</summary>
        Other = 3,
    }
}
