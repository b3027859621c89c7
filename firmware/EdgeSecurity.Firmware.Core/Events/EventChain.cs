using System;
using EdgeSecurity.Firmware.Core.Platform;

namespace EdgeSecurity.Firmware.Core.Events
{
    /// <summary>
    /// The per-device MAC chain over event records (docs/formats/events.md §2):
    /// mac_i = HMAC-SHA256(deviceEventKey, mac_{i-1} || recordBytes_i), mac_0 = 32 zero bytes.
    /// </summary>
    public static class EventChain
    {
        public const int MacBytes = 32;

        /// <summary>The "previous MAC" of the first record a device ever writes.</summary>
        public static byte[] Genesis()
        {
            return new byte[MacBytes];
        }

        public static byte[] ComputeMac(IMacPrimitive mac, byte[] deviceEventKey, byte[] previousMac, byte[] recordBytes)
        {
            if (mac == null || deviceEventKey == null || recordBytes == null)
            {
                throw new ArgumentNullException(mac == null ? "mac" : deviceEventKey == null ? "deviceEventKey" : "recordBytes");
            }

            RequireMac(previousMac, "previousMac");
            var input = new byte[MacBytes + recordBytes.Length];
            Array.Copy(previousMac, 0, input, 0, MacBytes);
            Array.Copy(recordBytes, 0, input, MacBytes, recordBytes.Length);
            return mac.HmacSha256(deviceEventKey, input);
        }

        internal static void RequireMac(byte[] value, string name)
        {
            if (value == null || value.Length != MacBytes)
            {
                throw new ArgumentException(name + " must be " + MacBytes.ToString() + " bytes.");
            }
        }
    }
}
