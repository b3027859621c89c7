using EdgeSecurity.Firmware.Core.Bundles;

namespace EdgeSecurity.Firmware.Core.Install
{
    /// <summary>Maps the bundle verifier's reasons onto the installer's.</summary>
    internal static class InstallFailures
    {
        public static InstallFailure From(BundleFailure failure)
        {
            switch (failure)
            {
                case BundleFailure.BadSignature:
                case BundleFailure.ThresholdNotMet:
                case BundleFailure.RevokedKey:
                case BundleFailure.UnknownKey:
                    return InstallFailure.SignatureInvalid;
                case BundleFailure.WrongHardwareClass:
                    return InstallFailure.WrongHardwareClass;
                case BundleFailure.CounterRollback:
                    return InstallFailure.CounterTooLow;
                case BundleFailure.Expired:
                case BundleFailure.TrustRootExpired:
                    return InstallFailure.Expired;
                case BundleFailure.ComponentDigestMismatch:
                    return InstallFailure.ChunkDigestMismatch;
                case BundleFailure.SizeMismatch:
                    return InstallFailure.ChunkOutOfRange;
                default:
                    return InstallFailure.Malformed;
            }
        }
    }
}
