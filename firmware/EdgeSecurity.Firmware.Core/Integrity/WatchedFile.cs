namespace EdgeSecurity.Firmware.Core.Integrity
{
    /// <summary>A file the integrity monitor re-hashes, with the digest it must keep.</summary>
    internal sealed class WatchedFile
    {
        public WatchedFile(IntegrityFindingKind kind, string fileName, string subject, int chunkSize, byte[] expectedDigest)
        {
            Kind = kind;
            FileName = fileName;
            Subject = subject;
            ChunkSize = chunkSize;
            ExpectedDigest = expectedDigest;
        }

        public IntegrityFindingKind Kind { get; }

        public string FileName { get; }

        public string Subject { get; }

        public int ChunkSize { get; }

        public byte[] ExpectedDigest { get; }
    }
}
