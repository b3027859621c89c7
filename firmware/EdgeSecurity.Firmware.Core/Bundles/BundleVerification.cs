using EdgeSecurity.Firmware.Core.Trust;

namespace EdgeSecurity.Firmware.Core.Bundles
{
    /// <summary>Outcome of a bundle check: valid, or the first reason it is not, with a message naming the problem.</summary>
    public sealed class BundleVerification
    {
        private BundleVerification(BundleFailure failure, string message)
        {
            Failure = failure;
            Message = message;
            ChunkIndex = -1;
        }

        public bool IsValid
        {
            get { return Failure == BundleFailure.None; }
        }

        public BundleFailure Failure { get; }

        /// <summary>Human-readable: what was checked and what was wrong.</summary>
        public string Message { get; }

        /// <summary>Release-role signature count (manifest checks); null when no signature check ran.</summary>
        public SignatureTally Tally { get; private set; }

        /// <summary>Valid release signatures counted (0 when no signature check ran).</summary>
        public int ValidSignatures
        {
            get { return Tally == null ? 0 : Tally.Valid; }
        }

        /// <summary>Release threshold (0 when no signature check ran).</summary>
        public int RequiredSignatures
        {
            get { return Tally == null ? 0 : Tally.Threshold; }
        }

        /// <summary>The component concerned by a component failure, else null.</summary>
        public string ComponentName { get; private set; }

        /// <summary>The chunk that did not match, or -1 (whole component, or not a chunk failure).</summary>
        public int ChunkIndex { get; private set; }

        /// <summary>The signed manifest that was checked (container and manifest checks), even when invalid.</summary>
        public SignedManifest SignedManifest { get; private set; }

        internal static BundleVerification Valid(string message)
        {
            return new BundleVerification(BundleFailure.None, message);
        }

        internal static BundleVerification Fail(BundleFailure failure, string message)
        {
            return new BundleVerification(failure, message);
        }

        internal static BundleVerification ComponentFail(BundleFailure failure, string componentName, int chunkIndex, string message)
        {
            BundleVerification result = new BundleVerification(failure, message);
            result.ComponentName = componentName;
            result.ChunkIndex = chunkIndex;
            return result;
        }

        internal BundleVerification With(SignatureTally tally, SignedManifest signedManifest)
        {
            Tally = tally;
            SignedManifest = signedManifest;
            return this;
        }
    }
}
