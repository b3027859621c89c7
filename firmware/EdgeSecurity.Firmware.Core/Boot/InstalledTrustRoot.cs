using EdgeSecurity.Firmware.Core.Platform;
using EdgeSecurity.Firmware.Core.Serialization;
using EdgeSecurity.Firmware.Core.Trust;

namespace EdgeSecurity.Firmware.Core.Boot
{
    /// <summary>
    /// The trust root installed on the volume (<see cref="StorageLayout.TrustRootFile"/>), read and checked
    /// once per boot: it must parse and carry a threshold of its own root-role signatures. The exact bytes
    /// that passed are kept: runtime integrity compares the file with them.
    /// </summary>
    public sealed class InstalledTrustRoot
    {
        private InstalledTrustRoot(SignedTrustRoot root, byte[] bytes, string problem)
        {
            Root = root;
            VerifiedBytes = bytes;
            Problem = problem;
        }

        /// <summary>The verified trust root, or null when none is usable (see <see cref="Problem"/>).</summary>
        public SignedTrustRoot Root { get; }

        /// <summary>The file's bytes as verified, or null.</summary>
        public byte[] VerifiedBytes { get; }

        /// <summary>Why no trust root is usable, or empty.</summary>
        public string Problem { get; }

        public bool IsUsable
        {
            get { return Root != null; }
        }

        public static InstalledTrustRoot Load(IFlashStorage storage, TrustRootVerifier verifier)
        {
            byte[] bytes = SmallFile.ReadAll(storage, StorageLayout.TrustRootFile, SignedTrustRoot.MaxEncodedLength);
            if (bytes == null)
            {
                return new InstalledTrustRoot(null, null, "no readable trust root at " + StorageLayout.TrustRootFile);
            }

            SignedTrustRoot root;
            try
            {
                root = SignedTrustRoot.Parse(bytes);
            }
            catch (MalformedDataException e)
            {
                return new InstalledTrustRoot(null, null, "trust root " + StorageLayout.TrustRootFile + " is malformed: " + e.Message);
            }

            // The installed root is checked as a first root would be (self-signed threshold); expiry is not
            // checked at boot, where the clock is not yet trusted.
            TrustRootVerification check = verifier.VerifyInitial(root, TrustRootVerifier.ClockNotTrusted);
            if (!check.IsValid)
            {
                return new InstalledTrustRoot(null, null, "trust root " + StorageLayout.TrustRootFile + " is not valid: " + check.Message);
            }

            return new InstalledTrustRoot(root, bytes, string.Empty);
        }
    }
}
