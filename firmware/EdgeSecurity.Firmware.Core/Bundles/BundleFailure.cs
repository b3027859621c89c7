namespace EdgeSecurity.Firmware.Core.Bundles
{
    /// <summary>Why a bundle (or part of one) was not accepted. Stable codes: events and tools report them.</summary>
    public enum BundleFailure
    {
        None = 0,
        /// <summary>The bytes do not parse (the message names the field).</summary>
        Malformed = 1,
        /// <summary>The release threshold was not met and some signature by a release key did not verify.</summary>
        BadSignature = 2,
        /// <summary>Too few valid release signatures, none of them bad, revoked or unknown (signatures missing).</summary>
        ThresholdNotMet = 3,
        /// <summary>The release threshold was not met and some signature came from a revoked key.</summary>
        RevokedKey = 4,
        /// <summary>The release threshold was not met and some signature came from a key not in the release role.</summary>
        UnknownKey = 5,
        WrongHardwareClass = 6,
        /// <summary>The security counter is lower than the device's minimum (anti-rollback).</summary>
        CounterRollback = 7,
        /// <summary>The manifest's expiry has passed (checked only when accepting, with a trusted clock).</summary>
        Expired = 8,
        /// <summary>The device's trust root has expired (checked only when accepting, with a trusted clock).</summary>
        TrustRootExpired = 9,
        /// <summary>A chunk or a whole component does not match its digest (component name and chunk index given).</summary>
        ComponentDigestMismatch = 10,
        /// <summary>Stored data is not as long as the manifest says.</summary>
        SizeMismatch = 11,
        /// <summary>A component's file does not exist.</summary>
        MissingComponent = 12,
    }
}
