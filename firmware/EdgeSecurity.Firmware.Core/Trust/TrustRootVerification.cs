namespace EdgeSecurity.Firmware.Core.Trust
{
    /// <summary>Outcome of checking a trust root: valid, or the first reason it is not, with a message naming it.</summary>
    public sealed class TrustRootVerification
    {
        private TrustRootVerification(TrustRootFailure failure, string message, SignatureTally tally, bool failedOnCurrentRoot)
        {
            Failure = failure;
            Message = message;
            Tally = tally;
            FailedOnCurrentRoot = failedOnCurrentRoot;
        }

        public bool IsValid
        {
            get { return Failure == TrustRootFailure.None; }
        }

        public TrustRootFailure Failure { get; }

        /// <summary>Human-readable: what was checked and what was wrong.</summary>
        public string Message { get; }

        /// <summary>The signature count of the failing (or, when valid, the last) threshold check; null if none ran.</summary>
        public SignatureTally Tally { get; }

        /// <summary>For a rotation: true when the current root's root-role threshold failed, false when the new root's did.</summary>
        public bool FailedOnCurrentRoot { get; }

        internal static TrustRootVerification Valid(string message, SignatureTally tally)
        {
            return new TrustRootVerification(TrustRootFailure.None, message, tally, false);
        }

        internal static TrustRootVerification Fail(TrustRootFailure failure, string message)
        {
            return new TrustRootVerification(failure, message, null, false);
        }

        internal static TrustRootVerification FailThreshold(TrustRootFailure failure, string message, SignatureTally tally, bool onCurrentRoot)
        {
            return new TrustRootVerification(failure, message, tally, onCurrentRoot);
        }
    }
}
