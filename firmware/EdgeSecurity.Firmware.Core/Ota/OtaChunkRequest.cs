using System;
using EdgeSecurity.Firmware.Core.Serialization;

namespace EdgeSecurity.Firmware.Core.Ota
{
    /// <summary>The device asking the host for up to eight chunks of the active campaign (docs/formats/ota.md §3).</summary>
    public sealed class OtaChunkRequest
    {
        public const int MaxEntries = 8;

        private readonly OtaChunkId[] _chunks;

        public OtaChunkRequest(long campaignId, OtaChunkId[] chunks)
        {
            if (chunks == null)
            {
                throw new ArgumentNullException(nameof(chunks));
            }

            OtaChunkCodec.CheckCampaign(campaignId, "ota.request.campaignId");
            if (chunks.Length < 1 || chunks.Length > MaxEntries)
            {
                throw new MalformedDataException(MalformedReason.CountOutOfRange, "ota.request.count", "a request names 1.." + MaxEntries + " chunks");
            }

            for (int i = 0; i < chunks.Length; i++)
            {
                if (chunks[i] == null)
                {
                    throw new ArgumentNullException(nameof(chunks));
                }

                for (int j = 0; j < i; j++)
                {
                    if (chunks[j].Is(chunks[i].ComponentIndex, chunks[i].ChunkIndex))
                    {
                        throw new MalformedDataException(MalformedReason.DuplicateEntry, "ota.request.entries[" + i + "]", "chunk named twice");
                    }
                }
            }

            CampaignId = campaignId;
            _chunks = (OtaChunkId[])chunks.Clone();
        }

        public long CampaignId { get; }

        public int Count
        {
            get { return _chunks.Length; }
        }

        public OtaChunkId GetChunk(int index)
        {
            return _chunks[index];
        }
    }
}
