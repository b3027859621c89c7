using EdgeSecurity.Firmware.Core.Serialization;

namespace EdgeSecurity.Firmware.Core.Ota
{
    /// <summary>
    /// An OTA message whose MAC does not verify for this device. Kept apart from other malformed input
    /// because the device records it as a security event of its own (a forged or misdirected message).
    /// </summary>
    public class OtaAuthenticationException : MalformedDataException
    {
        public OtaAuthenticationException(string field)
            : base(MalformedReason.Inconsistent, field, "MAC does not verify for this device")
        {
        }
    }
}
