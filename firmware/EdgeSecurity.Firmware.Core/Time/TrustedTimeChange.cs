namespace EdgeSecurity.Firmware.Core.Time
{
    /// <summary>What one authenticated time sample did to the <see cref="TrustedClock"/>.</summary>
    public enum TrustedTimeChange
    {
        /// <summary>The sample was not ahead of the trusted time: nothing changed.</summary>
        Unchanged = 0,

        /// <summary>The trusted time moved forward to the sample (and was saved).</summary>
        Advanced = 1,

        /// <summary>The sample was further ahead than one step may move; the time moved by the maximum step only.</summary>
        Clamped = 2,

        /// <summary>The sample was behind the trusted time by more than the tolerance; ignored (the time never goes back).</summary>
        Behind = 3,
    }
}
