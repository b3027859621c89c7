using System;
using EdgeSecurity.Firmware.Core.Crypto;
using EdgeSecurity.Firmware.Core.Platform;
using EdgeSecurity.Firmware.Core.Serialization;

namespace EdgeSecurity.Firmware.Core.Ota
{
    /// <summary>
    /// The MAC of the authenticated OTA messages (docs/formats/ota.md §1):
    /// HMAC-SHA256(deviceEventKey, domain || u8 id length || device id || body). The domain separates
    /// offers from reports and from the event chain's MACs; the device id binds a message to one device
    /// even if two devices ever shared a key.
    /// </summary>
    public static class OtaMessageAuthenticator
    {
        public const int MacBytes = 32;

        /// <summary>Device ids are one MQTT topic level of at most 63 characters (docs/formats/topics.md).</summary>
        public const int MaxDeviceIdLength = 63;

        public static byte[] Compute(IMacPrimitive mac, byte[] deviceEventKey, string domain, string deviceId, byte[] body, int bodyLength)
        {
            if (mac == null || deviceEventKey == null || domain == null || body == null)
            {
                throw new ArgumentNullException("mac, deviceEventKey, domain and body are required");
            }

            AsciiText.Validate(deviceId, 1, MaxDeviceIdLength, AsciiCharacterSet.LowerIdentifier, "deviceId");
            var writer = new ByteWriter(domain.Length + 1 + deviceId.Length + bodyLength);
            AsciiText.Write(writer, domain);
            writer.WriteByte(deviceId.Length);
            AsciiText.Write(writer, deviceId);
            writer.WriteBytes(body, 0, bodyLength);
            return mac.HmacSha256(deviceEventKey, writer.ToArray());
        }

        /// <summary>Appends the MAC of everything written so far and returns the whole message.</summary>
        public static byte[] Seal(IMacPrimitive mac, byte[] deviceEventKey, string domain, string deviceId, ByteWriter writer)
        {
            byte[] body = writer.ToArray();
            writer.WriteBytes(Compute(mac, deviceEventKey, domain, deviceId, body, body.Length));
            return writer.ToArray();
        }

        /// <summary>
        /// Checks the trailing MAC of <paramref name="message"/> before anything else is parsed and returns the
        /// length of the body it covers; throws <see cref="OtaAuthenticationException"/> when it does not verify.
        /// </summary>
        public static int Open(IMacPrimitive mac, byte[] deviceEventKey, string domain, string deviceId, byte[] message, int minBodyLength, string field)
        {
            if (message == null)
            {
                throw new ArgumentNullException(nameof(message));
            }

            if (message.Length < minBodyLength + MacBytes)
            {
                throw new MalformedDataException(MalformedReason.Truncated, field, "needs at least " + (minBodyLength + MacBytes) + " bytes, got " + message.Length);
            }

            int bodyLength = message.Length - MacBytes;
            byte[] expected = Compute(mac, deviceEventKey, domain, deviceId, message, bodyLength);
            if (!ConstantTime.AreEqual(expected, 0, message, bodyLength, MacBytes))
            {
                throw new OtaAuthenticationException(field + ".mac");
            }

            return bodyLength;
        }
    }
}
