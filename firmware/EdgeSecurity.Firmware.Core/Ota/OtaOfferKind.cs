namespace EdgeSecurity.Firmware.Core.Ota
{
    /// <summary>What an offer carries (docs/formats/ota.md §2). Stable numbers: they are on the wire.</summary>
    public enum OtaOfferKind
    {
        /// <summary>A signed manifest (<c>ESSM</c>): install this bundle into the inactive slot.</summary>
        Bundle = 1,

        /// <summary>A signed trust root (<c>ESSR</c>): rotate the device's trust root.</summary>
        TrustRoot = 2,
    }
}
