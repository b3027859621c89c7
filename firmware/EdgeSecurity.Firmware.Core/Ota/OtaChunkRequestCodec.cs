using System;
using EdgeSecurity.Firmware.Core.Serialization;

namespace EdgeSecurity.Firmware.Core.Ota
{
    /// <summary>
    /// Encodes and decodes the chunk request <c>ESOQ</c> (docs/formats/ota.md §3). It has no MAC: only the
    /// device may publish on its report topic (broker ACL), and asking for a chunk grants nothing.
    /// </summary>
    public static class OtaChunkRequestCodec
    {
        public const int FormatVersion = 1;

        /// <summary>magic 4, format 2, campaign 4, count 1.</summary>
        public const int HeaderBytes = 11;
        public const int EntryBytes = 3;

        private const string Field = "ota.request";
        internal static readonly byte[] Magic = new byte[] { (byte)'E', (byte)'S', (byte)'O', (byte)'Q' };

        public static byte[] Encode(OtaChunkRequest request)
        {
            if (request == null)
            {
                throw new ArgumentNullException(nameof(request));
            }

            var writer = new ByteWriter(HeaderBytes + (request.Count * EntryBytes));
            writer.WriteBytes(Magic);
            writer.WriteUInt16(FormatVersion);
            writer.WriteUInt32(request.CampaignId);
            writer.WriteByte(request.Count);
            for (int i = 0; i < request.Count; i++)
            {
                OtaChunkId chunk = request.GetChunk(i);
                writer.WriteByte(chunk.ComponentIndex);
                writer.WriteUInt16(chunk.ChunkIndex);
            }

            return writer.ToArray();
        }

        public static OtaChunkRequest Decode(byte[] data)
        {
            var reader = new ByteReader(data);
            reader.ExpectMagic(Magic, Field + ".magic");
            reader.ExpectFormatVersion(FormatVersion, Field + ".format");
            long campaignId = reader.ReadUInt32InRange(Field + ".campaignId", 1, OtaOfferCodec.MaxCampaignId, MalformedReason.ValueOutOfRange);
            int count = reader.ReadByteInRange(Field + ".count", 1, OtaChunkRequest.MaxEntries, MalformedReason.CountOutOfRange);
            var chunks = new OtaChunkId[count];
            for (int i = 0; i < count; i++)
            {
                string entry = Field + ".entries[" + i + "]";
                int component = reader.ReadByte(entry + ".component");
                int chunk = reader.ReadUInt16(entry + ".chunk");
                OtaChunkId.Check(component, chunk, entry);
                chunks[i] = new OtaChunkId(component, chunk);
            }

            reader.ExpectEnd(Field);
            return new OtaChunkRequest(campaignId, chunks);
        }
    }
}
