using EdgeSecurity.Firmware.Core.Bundles;

namespace EdgeSecurity.Firmware.Core.Boot
{
    /// <summary>The result of verifying one slot: plain data, kept in the boot report.</summary>
    public sealed class SlotVerification
    {
        private SlotVerification(int slot, SlotFailure failure, string detail, string fileName)
        {
            Slot = slot;
            Failure = failure;
            Detail = detail;
            FileName = fileName;
            Version = string.Empty;
        }

        public int Slot { get; }

        public bool IsValid
        {
            get { return Failure == SlotFailure.None; }
        }

        public SlotFailure Failure { get; }

        /// <summary>Human-readable reason (from the verifier), or a summary when valid.</summary>
        public string Detail { get; }

        /// <summary>The file the failure is about, or empty.</summary>
        public string FileName { get; }

        /// <summary>Version of the bundle ("1.2.3+4") when the manifest could be read, else empty.</summary>
        public string Version { get; private set; }

        /// <summary>Security counter of the bundle when the manifest could be read, else -1.</summary>
        public long SecurityCounter { get; private set; } = -1;

        /// <summary>The exact signed manifest bytes that verified (held in RAM; integrity compares the file with them), else null.</summary>
        public byte[] SignedManifestBytes { get; private set; }

        /// <summary>The verified manifest: the loader takes component names (".pe" files) from it. Null unless valid.</summary>
        public Manifest Manifest { get; private set; }

        public static SlotVerification Valid(int slot, Manifest manifest, byte[] signedManifestBytes, string detail)
        {
            SlotVerification result = new SlotVerification(slot, SlotFailure.None, detail, string.Empty);
            result.Manifest = manifest;
            result.Version = manifest.Version.ToString();
            result.SecurityCounter = manifest.SecurityCounter;
            result.SignedManifestBytes = signedManifestBytes;
            return result;
        }

        public static SlotVerification Failed(int slot, SlotFailure failure, string fileName, string detail)
        {
            return new SlotVerification(slot, failure, detail, fileName == null ? string.Empty : fileName);
        }

        /// <summary>A failure that still knows which bundle it was about (e.g. a bad component in a well-signed bundle).</summary>
        public static SlotVerification FailedBundle(int slot, SlotFailure failure, string fileName, string detail, string version, long securityCounter)
        {
            SlotVerification result = Failed(slot, failure, fileName, detail);
            result.Version = version;
            result.SecurityCounter = securityCounter;
            return result;
        }

        public override string ToString()
        {
            return "slot " + BootSlot.Name(Slot) + ": " + (IsValid ? "verified" : Failure.ToString()) + (FileName.Length > 0 ? " (" + FileName + ")" : string.Empty) + " " + Detail;
        }
    }
}
