using System;

namespace EdgeSecurity.Firmware.Core.Ota
{
    /// <summary>
    /// A host's offer of a signed bundle or trust root to one device (docs/formats/ota.md §2). The offer's
    /// MAC proves it came from the host for this device; the signatures inside the payload still decide
    /// what may be installed.
    /// </summary>
    public sealed class OtaOffer
    {
        private readonly byte[] _payload;

        public OtaOffer(OtaOfferKind kind, long campaignId, long sequence, long hostUnixSeconds, byte[] payload)
        {
            if (payload == null)
            {
                throw new ArgumentNullException(nameof(payload));
            }

            OtaOfferCodec.Validate(kind, campaignId, sequence, payload.Length);
            Kind = kind;
            CampaignId = campaignId;
            Sequence = sequence;
            HostUnixSeconds = hostUnixSeconds;
            _payload = (byte[])payload.Clone();
        }

        public OtaOfferKind Kind { get; }

        /// <summary>The campaign (u32, at least 1) the offer belongs to; chunks and reports carry it too.</summary>
        public long CampaignId { get; }

        /// <summary>Strictly increasing per device (u64 below 2^63); a device accepts only a sequence above the last it accepted.</summary>
        public long Sequence { get; }

        /// <summary>The host's clock when it sent the offer (Unix seconds); feeds the device's trusted clock.</summary>
        public long HostUnixSeconds { get; }

        /// <summary>Kind 1: a signed manifest (<c>ESSM</c>); kind 2: a signed trust root (<c>ESSR</c>). A copy.</summary>
        public byte[] GetPayload()
        {
            return (byte[])_payload.Clone();
        }

        public int PayloadLength
        {
            get { return _payload.Length; }
        }
    }
}
