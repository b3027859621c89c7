using EdgeSecurity.Firmware.Core.Bundles;

namespace EdgeSecurity.Firmware.Core.Boot
{
    /// <summary>Maps the bundle verifier's reasons onto the boot report's.</summary>
    internal static class SlotFailures
    {
        public static SlotFailure From(BundleFailure failure)
        {
            switch (failure)
            {
                case BundleFailure.None:
                    return SlotFailure.None;
                case BundleFailure.Malformed:
                    return SlotFailure.ManifestMalformed;
                case BundleFailure.BadSignature:
                case BundleFailure.ThresholdNotMet:
                case BundleFailure.RevokedKey:
                case BundleFailure.UnknownKey:
                    return SlotFailure.SignatureInvalid;
                case BundleFailure.WrongHardwareClass:
                    return SlotFailure.WrongHardwareClass;
                case BundleFailure.CounterRollback:
                    return SlotFailure.CounterTooLow;
                case BundleFailure.Expired:
                case BundleFailure.TrustRootExpired:
                    return SlotFailure.Expired;
                case BundleFailure.ComponentDigestMismatch:
                case BundleFailure.SizeMismatch:
                    return SlotFailure.ComponentDigestMismatch;
                case BundleFailure.MissingComponent:
                    return SlotFailure.ComponentMissing;
                default:
                    return SlotFailure.ManifestRejected;
            }
        }
    }
}
