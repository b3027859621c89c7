using EdgeSecurity.Firmware.Core.Bundles;
using EdgeSecurity.Firmware.Core.Install;
using EdgeSecurity.Firmware.Core.Serialization;
using EdgeSecurity.Firmware.Core.Trust;

namespace EdgeSecurity.Firmware.Core.Ota
{
    /// <summary>
    /// A report's 16-bit reason: family in the high byte, the family's code in the low byte; 0 = none
    /// (docs/formats/ota.md §5.1).
    /// </summary>
    public static class OtaReason
    {
        public const int None = 0;

        public static int Compose(OtaReasonFamily family, int code)
        {
            if (code == 0 || family == OtaReasonFamily.None)
            {
                return None;
            }

            return ((int)family << 8) | (code & 0xFF);
        }

        public static int FromBundle(BundleFailure failure)
        {
            return Compose(OtaReasonFamily.Bundle, (int)failure);
        }

        public static int FromInstall(InstallFailure failure)
        {
            return Compose(OtaReasonFamily.Install, (int)failure);
        }

        public static int FromTrustRoot(TrustRootFailure failure)
        {
            return Compose(OtaReasonFamily.TrustRoot, (int)failure);
        }

        public static int FromMalformed(MalformedReason reason)
        {
            return Compose(OtaReasonFamily.Malformed, (int)reason);
        }

        public static int FromOta(OtaFailure failure)
        {
            return Compose(OtaReasonFamily.Ota, (int)failure);
        }

        public static OtaReasonFamily FamilyOf(int reason)
        {
            return (OtaReasonFamily)((reason >> 8) & 0xFF);
        }

        public static int CodeOf(int reason)
        {
            return reason & 0xFF;
        }

        /// <summary>True when the reason names a family and code the format defines (used by the parser).</summary>
        public static bool IsDefined(int reason)
        {
            if (reason == None)
            {
                return true;
            }

            int code = CodeOf(reason);
            switch (FamilyOf(reason))
            {
                case OtaReasonFamily.Bundle:
                    return code >= 1 && code <= (int)BundleFailure.MissingComponent;
                case OtaReasonFamily.Install:
                    return code >= 1 && code <= (int)InstallFailure.SlotVerificationFailed;
                case OtaReasonFamily.TrustRoot:
                    return code >= 1 && code <= (int)TrustRootFailure.KeyIdMismatch;
                case OtaReasonFamily.Malformed:
                    return code >= 1 && code <= (int)MalformedReason.Inconsistent;
                case OtaReasonFamily.Ota:
                    return code >= 1 && code <= (int)OtaFailure.UnexpectedChunk;
                default:
                    return false;
            }
        }
    }
}
