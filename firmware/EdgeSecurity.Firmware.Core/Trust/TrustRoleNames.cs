namespace EdgeSecurity.Firmware.Core.Trust
{
    /// <summary>Role names with a meaning in the core. A trust root may define more (up to 8 roles).</summary>
    public static class TrustRoleNames
    {
        /// <summary>Signs trust roots (first install and rotation).</summary>
        public const string Root = "root";

        /// <summary>Signs bundle manifests.</summary>
        public const string Release = "release";

        /// <summary>Reserved for signing OTA campaign offers.</summary>
        public const string Campaign = "campaign";
    }
}
