using System;
using EdgeSecurity.Firmware.Core.Bundles;
using EdgeSecurity.Firmware.Core.Serialization;

namespace EdgeSecurity.Firmware.Core.Ota
{
    /// <summary>
    /// A device's account of where an update stands (docs/formats/ota.md §5), MAC'd so the host can count a
    /// campaign's successes on it. The same stage is also recorded as a security event.
    /// </summary>
    public sealed class OtaReport
    {
        public const int MaxTextLength = 120;

        private static readonly byte[] NoBundle = new byte[Manifest.BundleIdLength];

        private readonly byte[] _bundleId;

        public OtaReport(long campaignId, OtaStage stage, int reason, long chunksPresent, long chunksTotal, byte[] bundleId, long securityCounter, string text)
        {
            if (campaignId < 0 || campaignId > OtaOfferCodec.MaxCampaignId)
            {
                throw new MalformedDataException(MalformedReason.ValueOutOfRange, "ota.report.campaignId", "campaign id must be in [0, 2^32 - 1]");
            }

            if (stage < OtaStage.Accepted || stage > OtaStage.AlreadyInstalled)
            {
                throw new MalformedDataException(MalformedReason.ValueOutOfRange, "ota.report.stage", "unknown stage " + (int)stage);
            }

            if (!OtaReason.IsDefined(reason))
            {
                throw new MalformedDataException(MalformedReason.ValueOutOfRange, "ota.report.reason", "undefined reason " + reason);
            }

            if (chunksTotal < 0 || chunksTotal > 0xFFFFFFFFL || chunksPresent < 0 || chunksPresent > chunksTotal)
            {
                throw new MalformedDataException(MalformedReason.Inconsistent, "ota.report.chunks", "chunks present must be in [0, chunks total]");
            }

            if (bundleId != null && bundleId.Length != Manifest.BundleIdLength)
            {
                throw new MalformedDataException(MalformedReason.LengthOutOfRange, "ota.report.bundleId", "bundle id is " + Manifest.BundleIdLength + " bytes");
            }

            if (securityCounter < 0 || securityCounter > Manifest.MaxSecurityCounter)
            {
                throw new MalformedDataException(MalformedReason.ValueOutOfRange, "ota.report.securityCounter", "counter must be a u32");
            }

            AsciiText.Validate(text ?? string.Empty, 0, MaxTextLength, AsciiCharacterSet.Printable, "ota.report.text");
            CampaignId = campaignId;
            Stage = stage;
            Reason = reason;
            ChunksPresent = chunksPresent;
            ChunksTotal = chunksTotal;
            _bundleId = bundleId == null ? (byte[])NoBundle.Clone() : (byte[])bundleId.Clone();
            SecurityCounter = securityCounter;
            Text = text ?? string.Empty;
        }

        /// <summary>The campaign of the offer the report is about; 0 when the device cannot tie it to one.</summary>
        public long CampaignId { get; }

        public OtaStage Stage { get; }

        /// <summary>See <see cref="OtaReason"/>: family in the high byte, code in the low byte, 0 = none.</summary>
        public int Reason { get; }

        public long ChunksPresent { get; }

        public long ChunksTotal { get; }

        /// <summary>The manifest's bundle id; zeros for a trust root or when unknown. A copy.</summary>
        public byte[] GetBundleId()
        {
            return (byte[])_bundleId.Clone();
        }

        /// <summary>The bundle's security counter, or the trust root's version for a root report.</summary>
        public long SecurityCounter { get; }

        /// <summary>A short printable explanation for operators (the failure's field or message).</summary>
        public string Text { get; }
    }
}
