using System.Security.Cryptography;
using EdgeSecurity.Firmware.Core.Platform;

namespace EdgeSecurity.Firmware.Esp32.Platform
{
    /// <summary>HMAC-SHA256 through mbedTLS and the ESP32's SHA accelerator (nanoFramework.System.Security.Cryptography).</summary>
    public sealed class NativeHmac : IMacPrimitive
    {
        public byte[] HmacSha256(byte[] key, byte[] data)
        {
            return HMACSHA256.HashData(key, data);
        }
    }
}
