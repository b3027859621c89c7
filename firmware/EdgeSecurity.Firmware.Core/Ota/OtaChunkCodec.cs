using System;
using EdgeSecurity.Firmware.Core.Digests;
using EdgeSecurity.Firmware.Core.Serialization;

namespace EdgeSecurity.Firmware.Core.Ota
{
    /// <summary>Encodes and decodes the chunk <c>ESOC</c> (docs/formats/ota.md §4).</summary>
    public static class OtaChunkCodec
    {
        public const int FormatVersion = 1;

        /// <summary>magic 4, format 2, campaign 4, component 1, chunk 2, data length 4.</summary>
        public const int HeaderBytes = 17;

        /// <summary>No chunk is longer than the largest chunk size a manifest may declare.</summary>
        public const int MaxDataLength = EsHmacSha256V1.MaxChunkSize;

        private const string Field = "ota.chunk";
        private static readonly byte[] Magic = new byte[] { (byte)'E', (byte)'S', (byte)'O', (byte)'C' };

        public static byte[] Encode(OtaChunk chunk)
        {
            if (chunk == null)
            {
                throw new ArgumentNullException(nameof(chunk));
            }

            var writer = new ByteWriter(HeaderBytes + chunk.DataLength);
            writer.WriteBytes(Magic);
            writer.WriteUInt16(FormatVersion);
            writer.WriteUInt32(chunk.CampaignId);
            writer.WriteByte(chunk.ComponentIndex);
            writer.WriteUInt16(chunk.ChunkIndex);
            writer.WriteUInt32(chunk.DataLength);
            writer.WriteBytes(chunk.Data);
            return writer.ToArray();
        }

        public static OtaChunk Decode(byte[] data)
        {
            var reader = new ByteReader(data);
            reader.ExpectMagic(Magic, Field + ".magic");
            reader.ExpectFormatVersion(FormatVersion, Field + ".format");
            long campaignId = reader.ReadUInt32InRange(Field + ".campaignId", 1, OtaOfferCodec.MaxCampaignId, MalformedReason.ValueOutOfRange);
            int component = reader.ReadByte(Field + ".component");
            int index = reader.ReadUInt16(Field + ".chunk");
            OtaChunkId.Check(component, index, Field);
            long length = reader.ReadUInt32InRange(Field + ".dataLength", 1, MaxDataLength, MalformedReason.LengthOutOfRange);
            byte[] bytes = reader.ReadBytes((int)length, Field + ".data");
            reader.ExpectEnd(Field);
            return new OtaChunk(campaignId, component, index, bytes);
        }

        internal static void CheckCampaign(long campaignId, string field)
        {
            if (campaignId < 1 || campaignId > OtaOfferCodec.MaxCampaignId)
            {
                throw new MalformedDataException(MalformedReason.ValueOutOfRange, field, "campaign id must be in [1, 2^32 - 1]");
            }
        }

        internal static void CheckDataLength(int length)
        {
            if (length < 1 || length > MaxDataLength)
            {
                throw new MalformedDataException(MalformedReason.LengthOutOfRange, Field + ".dataLength", "chunk data must be 1.." + MaxDataLength + " bytes");
            }
        }
    }
}
