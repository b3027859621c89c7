namespace EdgeSecurity.Firmware.Core.Bundles
{
    /// <summary>What a bundle component is for; one byte on the wire.</summary>
    public enum ComponentKind : byte
    {
        /// <summary>A nanoFramework assembly (file name ends with ".pe"), loaded only after verification.</summary>
        ManagedAssembly = 1,
        Configuration = 2,
        CertificateStore = 3,
        TrustStore = 4,
        Data = 5,
    }
}
