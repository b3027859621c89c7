namespace EdgeSecurity.Firmware.Core.Upload
{
    public enum AckStatus
    {
        /// <summary>The host stored everything up to the acked-through sequence.</summary>
        Stored = 0,

        /// <summary>The host could not take the batch now: resend after the retry delay.</summary>
        Busy = 1,

        /// <summary>
        /// The host stored everything up to the acked-through sequence, but the batch went on with a record that
        /// does not follow it (something in between never arrived): resend from the record after acked-through.
        /// Nothing after the gap was stored, so the device keeps it.
        /// </summary>
        Gap = 2,
    }
}
