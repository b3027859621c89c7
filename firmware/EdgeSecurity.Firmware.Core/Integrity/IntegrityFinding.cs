namespace EdgeSecurity.Firmware.Core.Integrity
{
    /// <summary>One installed file that no longer matches what was verified: plain data for the event layer.</summary>
    public sealed class IntegrityFinding
    {
        public IntegrityFinding(IntegrityFindingKind kind, string fileName, string subject, byte[] expectedDigest, byte[] actualDigest, string detail)
        {
            Kind = kind;
            FileName = fileName;
            Subject = subject;
            ExpectedDigest = expectedDigest;
            ActualDigest = actualDigest;
            Detail = detail;
        }

        public IntegrityFindingKind Kind { get; }

        public FindingSeverity Severity
        {
            get { return FindingSeverity.Critical; }
        }

        /// <summary>The file on the device volume.</summary>
        public string FileName { get; }

        /// <summary>What the file is: the component name from the manifest, "manifest", "trust root" or the configuration name.</summary>
        public string Subject { get; }

        /// <summary>ES-HMAC-SHA256-V1 digest the file should have.</summary>
        public byte[] ExpectedDigest { get; }

        /// <summary>ES-HMAC-SHA256-V1 digest of the file as it is now, or null when it is missing.</summary>
        public byte[] ActualDigest { get; }

        public string Detail { get; }

        public override string ToString()
        {
            return "integrity " + Kind.ToString() + " " + FileName + " (" + Subject + "): " + Detail;
        }
    }
}
