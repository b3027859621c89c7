using EdgeSecurity.Firmware.Core.Boot;
using EdgeSecurity.Firmware.Core.Bundles;

namespace EdgeSecurity.Firmware.Core.Install
{
    /// <summary>Outcome of one installer call: accepted, or the reason it was refused (nothing changed then).</summary>
    public sealed class InstallResult
    {
        private InstallResult(InstallFailure failure, string message, int targetSlot, int missingChunks)
        {
            Failure = failure;
            Message = message;
            TargetSlot = targetSlot;
            MissingChunks = missingChunks;
        }

        public bool IsAccepted
        {
            get { return Failure == InstallFailure.None; }
        }

        public InstallFailure Failure { get; }

        /// <summary>
        /// The bundle verifier's finer reason when the refusal came from it (which signature problem, counter,
        /// expiry, digest), else <see cref="BundleFailure.None"/>: the OTA client reports it to the host.
        /// </summary>
        public BundleFailure VerifierFailure { get; private set; }

        /// <summary>What was checked and, on refusal, what was wrong.</summary>
        public string Message { get; }

        /// <summary>The slot being written, or <see cref="BootSlot.None"/>.</summary>
        public int TargetSlot { get; }

        /// <summary>Chunks still to write after this call (-1 when unknown).</summary>
        public int MissingChunks { get; }

        internal static InstallResult Accepted(string message, int targetSlot, int missingChunks)
        {
            return new InstallResult(InstallFailure.None, message, targetSlot, missingChunks);
        }

        internal static InstallResult Refused(InstallFailure failure, string message, int targetSlot)
        {
            return new InstallResult(failure, message, targetSlot, -1);
        }

        internal static InstallResult RefusedByVerifier(BundleVerification check, int targetSlot)
        {
            InstallResult result = new InstallResult(InstallFailures.From(check.Failure), check.Message, targetSlot, -1);
            result.VerifierFailure = check.Failure;
            return result;
        }

        public override string ToString()
        {
            return (IsAccepted ? "accepted: " : "refused (" + Failure.ToString() + "): ") + Message;
        }
    }
}
