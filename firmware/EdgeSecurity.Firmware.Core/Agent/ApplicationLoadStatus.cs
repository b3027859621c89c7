namespace EdgeSecurity.Firmware.Core.Agent
{
    /// <summary>Whether the application of this boot may be handed to the loader.</summary>
    public enum ApplicationLoadStatus
    {
        /// <summary>Every managed assembly of the verified slot was read and matches the verified manifest: load them all.</summary>
        Ready = 1,

        /// <summary>This boot may not run application code (safe mode or containment): load nothing.</summary>
        NotAllowed = 2,

        /// <summary>A component changed on flash after the boot verification: load nothing; recorded and contained.</summary>
        Withheld = 3,
    }
}
