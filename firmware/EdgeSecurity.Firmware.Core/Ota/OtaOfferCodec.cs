using System;
using EdgeSecurity.Firmware.Core.Bundles;
using EdgeSecurity.Firmware.Core.Platform;
using EdgeSecurity.Firmware.Core.Serialization;
using EdgeSecurity.Firmware.Core.Trust;

namespace EdgeSecurity.Firmware.Core.Ota
{
    /// <summary>Encodes and decodes the MAC'd offer <c>ESOF</c> (docs/formats/ota.md §2).</summary>
    public static class OtaOfferCodec
    {
        public const int FormatVersion = 1;
        public const string Domain = "ES-OTA-OFFER-V1";
        public const long MaxCampaignId = 0xFFFFFFFFL;

        /// <summary>magic 4, format 2, kind 1, campaign 4, sequence 8, host time 8, payload length 4.</summary>
        public const int HeaderBytes = 31;

        private const string Field = "ota.offer";
        private static readonly byte[] Magic = new byte[] { (byte)'E', (byte)'S', (byte)'O', (byte)'F' };

        /// <summary>The largest payload of each kind: the signed object's own maximum encoded length.</summary>
        public static int MaxPayloadLength(OtaOfferKind kind)
        {
            return kind == OtaOfferKind.TrustRoot ? SignedTrustRoot.MaxEncodedLength : SignedManifest.MaxEncodedLength;
        }

        public static byte[] Encode(IMacPrimitive mac, byte[] deviceEventKey, string deviceId, OtaOffer offer)
        {
            if (offer == null)
            {
                throw new ArgumentNullException(nameof(offer));
            }

            byte[] payload = offer.GetPayload();
            var writer = new ByteWriter(HeaderBytes + payload.Length + OtaMessageAuthenticator.MacBytes);
            writer.WriteBytes(Magic);
            writer.WriteUInt16(FormatVersion);
            writer.WriteByte((int)offer.Kind);
            writer.WriteUInt32(offer.CampaignId);
            writer.WriteInt64(offer.Sequence);
            writer.WriteInt64(offer.HostUnixSeconds);
            writer.WriteUInt32(payload.Length);
            writer.WriteBytes(payload);
            return OtaMessageAuthenticator.Seal(mac, deviceEventKey, Domain, deviceId, writer);
        }

        /// <summary>
        /// Authenticates, then parses. A MAC that does not verify is an <see cref="OtaAuthenticationException"/>;
        /// bad bytes under a good MAC are a <see cref="MalformedDataException"/> naming the field.
        /// </summary>
        public static OtaOffer Decode(IMacPrimitive mac, byte[] deviceEventKey, string deviceId, byte[] data)
        {
            int bodyLength = OtaMessageAuthenticator.Open(mac, deviceEventKey, Domain, deviceId, data, HeaderBytes, Field);
            var reader = new ByteReader(data, 0, bodyLength);
            reader.ExpectMagic(Magic, Field + ".magic");
            reader.ExpectFormatVersion(FormatVersion, Field + ".format");
            int kind = reader.ReadByteInRange(Field + ".kind", (int)OtaOfferKind.Bundle, (int)OtaOfferKind.TrustRoot, MalformedReason.ValueOutOfRange);
            long campaignId = reader.ReadUInt32InRange(Field + ".campaignId", 1, MaxCampaignId, MalformedReason.ValueOutOfRange);
            long sequence = reader.ReadInt64(Field + ".sequence");
            if (sequence < 1)
            {
                throw new MalformedDataException(MalformedReason.ValueOutOfRange, Field + ".sequence", "sequence must be in [1, 2^63 - 1]");
            }

            long hostTime = reader.ReadInt64(Field + ".hostTime");
            long payloadLength = reader.ReadUInt32InRange(Field + ".payloadLength", 1, MaxPayloadLength((OtaOfferKind)kind), MalformedReason.LengthOutOfRange);
            byte[] payload = reader.ReadBytes((int)payloadLength, Field + ".payload");
            reader.ExpectEnd(Field);
            return new OtaOffer((OtaOfferKind)kind, campaignId, sequence, hostTime, payload);
        }

        /// <summary>
        /// The trailing MAC of an offer <see cref="Decode"/> accepted. It covers every byte of the offer, so two
        /// verified offers with equal MACs are the same offer (the device tells a redelivery from a replay by it).
        /// </summary>
        public static byte[] MacOf(byte[] verifiedOffer)
        {
            if (verifiedOffer == null || verifiedOffer.Length < HeaderBytes + OtaMessageAuthenticator.MacBytes)
            {
                throw new ArgumentException("a decoded offer is required", "verifiedOffer");
            }

            byte[] mac = new byte[OtaMessageAuthenticator.MacBytes];
            Array.Copy(verifiedOffer, verifiedOffer.Length - mac.Length, mac, 0, mac.Length);
            return mac;
        }

        internal static void Validate(OtaOfferKind kind, long campaignId, long sequence, int payloadLength)
        {
            if (kind != OtaOfferKind.Bundle && kind != OtaOfferKind.TrustRoot)
            {
                throw new MalformedDataException(MalformedReason.ValueOutOfRange, Field + ".kind", "kind must be 1 (bundle) or 2 (trust root)");
            }

            if (campaignId < 1 || campaignId > MaxCampaignId)
            {
                throw new MalformedDataException(MalformedReason.ValueOutOfRange, Field + ".campaignId", "campaign id must be in [1, 2^32 - 1]");
            }

            if (sequence < 1)
            {
                throw new MalformedDataException(MalformedReason.ValueOutOfRange, Field + ".sequence", "sequence must be in [1, 2^63 - 1]");
            }

            if (payloadLength < 1 || payloadLength > MaxPayloadLength(kind))
            {
                throw new MalformedDataException(MalformedReason.LengthOutOfRange, Field + ".payloadLength", "payload must be 1.." + MaxPayloadLength(kind) + " bytes");
            }
        }
    }
}
