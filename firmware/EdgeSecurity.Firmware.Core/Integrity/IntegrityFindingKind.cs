namespace EdgeSecurity.Firmware.Core.Integrity
{
    /// <summary>Which kind of installed file an integrity finding is about.</summary>
    public enum IntegrityFindingKind
    {
        None = 0,

        /// <summary>A component file of the running slot differs from the signed manifest.</summary>
        Component = 1,

        /// <summary>The running slot's signed manifest file differs from the one verified at boot.</summary>
        Manifest = 2,

        /// <summary>A configuration file differs from its sealed baseline, or the baseline itself is invalid.</summary>
        Configuration = 3,

        /// <summary>The installed trust root differs from the one verified at boot.</summary>
        TrustStore = 4,
    }
}
