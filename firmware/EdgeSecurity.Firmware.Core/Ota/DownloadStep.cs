namespace EdgeSecurity.Firmware.Core.Ota
{
    /// <summary>What a <see cref="BundleDownload"/> asks its client to do after handling a chunk or a poll.</summary>
    public enum DownloadStep
    {
        /// <summary>Keep going.</summary>
        Continue = 0,

        /// <summary>Every chunk is present and verified: complete the install.</summary>
        AllChunksPresent = 1,

        /// <summary>The download cannot finish (see <see cref="BundleDownload.FailureReason"/>).</summary>
        Failed = 2,
    }
}
