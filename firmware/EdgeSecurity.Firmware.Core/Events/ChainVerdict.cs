namespace EdgeSecurity.Firmware.Core.Events
{
    /// <summary>What <see cref="EventChainVerifier.Check"/> concluded about one record.</summary>
    public enum ChainVerdict
    {
        /// <summary>Authentic and directly follows the chain head.</summary>
        Linked = 0,

        /// <summary>Authentic and newer, but records between the chain head and it are missing (the host
        /// expects a "records dropped" event explaining them; otherwise loss or deletion).</summary>
        LinkedAfterGap = 1,

        /// <summary>Authentic but not newer than the chain head: a duplicate delivery or a replay. The host
        /// compares with its stored copy (same bytes: duplicate; different: conflict).</summary>
        NotNewer = 2,

        /// <summary>The MAC does not verify: altered record, wrong previous MAC (a record removed or
        /// reordered inside a batch), or a different key.</summary>
        Forged = 3,

        /// <summary>Authentic for the key but names another device.</summary>
        WrongDevice = 4,

        /// <summary>The record names a key epoch the device has no key for (never enrolled with it).</summary>
        UnknownEpoch = 5,
    }
}
