namespace EdgeSecurity.Firmware.Core.Upload
{
    public enum AckStatus
    {
        /// <summary>The host stored everything up to the acked-through sequence.</summary>
        Stored = 0,

        /// <summary>The host could not take the batch now: resend after the retry delay.</summary>
        Busy = 1,
    }
}
