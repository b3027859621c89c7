namespace EdgeSecurity.Firmware.Core.Trust
{
    /// <summary>Why a trust root was not accepted. Stable codes: events and tools report them.</summary>
    public enum TrustRootFailure
    {
        None = 0,
        Malformed = 1,
        /// <summary>The threshold was not met and some signature by a trusted key did not verify.</summary>
        BadSignature = 2,
        /// <summary>Too few valid signatures, none of them bad, revoked or unknown (signatures missing).</summary>
        ThresholdNotMet = 3,
        /// <summary>The threshold was not met and some signature came from a revoked key.</summary>
        RevokedKey = 4,
        /// <summary>The threshold was not met and some signature came from a key not in the role.</summary>
        UnknownKey = 5,
        /// <summary>The candidate's expiry has passed (checked only with a trusted clock).</summary>
        Expired = 6,
        /// <summary>A rotation to a version not greater than the current one.</summary>
        VersionNotIncreasing = 7,
        /// <summary>A listed key id is not the id computed from its public key.</summary>
        KeyIdMismatch = 8,
    }
}
