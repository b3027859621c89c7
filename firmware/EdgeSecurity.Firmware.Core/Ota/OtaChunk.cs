using System;

namespace EdgeSecurity.Firmware.Core.Ota
{
    /// <summary>
    /// One chunk of a bundle component sent by the host (docs/formats/ota.md §4). Not authenticated by
    /// itself: the device checks it against the signed manifest's chunk digest before writing it.
    /// </summary>
    public sealed class OtaChunk
    {
        private readonly byte[] _data;

        public OtaChunk(long campaignId, int componentIndex, int chunkIndex, byte[] data)
        {
            if (data == null)
            {
                throw new ArgumentNullException(nameof(data));
            }

            OtaChunkCodec.CheckCampaign(campaignId, "ota.chunk.campaignId");
            OtaChunkId.Check(componentIndex, chunkIndex, "ota.chunk");
            OtaChunkCodec.CheckDataLength(data.Length);
            CampaignId = campaignId;
            ComponentIndex = componentIndex;
            ChunkIndex = chunkIndex;
            _data = data;
        }

        public long CampaignId { get; }

        public int ComponentIndex { get; }

        public int ChunkIndex { get; }

        public int DataLength
        {
            get { return _data.Length; }
        }

        /// <summary>The chunk's bytes (not copied: chunks are large and the device has little heap).</summary>
        public byte[] Data
        {
            get { return _data; }
        }
    }
}
