using System;
using EdgeSecurity.Firmware.Core.Bundles;
using EdgeSecurity.Firmware.Core.Platform;
using EdgeSecurity.Firmware.Core.Serialization;

namespace EdgeSecurity.Firmware.Core.Ota
{
    /// <summary>Encodes and decodes the MAC'd report <c>ESOR</c> (docs/formats/ota.md §5).</summary>
    public static class OtaReportCodec
    {
        public const int FormatVersion = 1;
        public const string Domain = "ES-OTA-REPORT-V1";

        /// <summary>magic 4, format 2, campaign 4, stage 1, reason 2, present 4, total 4, bundle id 16, counter 4, text length 1.</summary>
        public const int HeaderBytes = 42;

        private const string Field = "ota.report";
        internal static readonly byte[] Magic = new byte[] { (byte)'E', (byte)'S', (byte)'O', (byte)'R' };

        public static byte[] Encode(IMacPrimitive mac, byte[] deviceEventKey, string deviceId, OtaReport report)
        {
            if (report == null)
            {
                throw new ArgumentNullException(nameof(report));
            }

            var writer = new ByteWriter(HeaderBytes + report.Text.Length + OtaMessageAuthenticator.MacBytes);
            writer.WriteBytes(Magic);
            writer.WriteUInt16(FormatVersion);
            writer.WriteUInt32(report.CampaignId);
            writer.WriteByte((int)report.Stage);
            writer.WriteUInt16(report.Reason);
            writer.WriteUInt32(report.ChunksPresent);
            writer.WriteUInt32(report.ChunksTotal);
            writer.WriteBytes(report.GetBundleId());
            writer.WriteUInt32(report.SecurityCounter);
            writer.WriteByte(report.Text.Length);
            AsciiText.Write(writer, report.Text);
            return OtaMessageAuthenticator.Seal(mac, deviceEventKey, Domain, deviceId, writer);
        }

        /// <summary>Authenticates, then parses; see <see cref="OtaOfferCodec.Decode"/> for the two failures.</summary>
        public static OtaReport Decode(IMacPrimitive mac, byte[] deviceEventKey, string deviceId, byte[] data)
        {
            int bodyLength = OtaMessageAuthenticator.Open(mac, deviceEventKey, Domain, deviceId, data, HeaderBytes, Field);
            var reader = new ByteReader(data, 0, bodyLength);
            reader.ExpectMagic(Magic, Field + ".magic");
            reader.ExpectFormatVersion(FormatVersion, Field + ".format");
            long campaignId = reader.ReadUInt32(Field + ".campaignId");
            int stage = reader.ReadByteInRange(Field + ".stage", (int)OtaStage.Accepted, (int)OtaStage.AlreadyInstalled, MalformedReason.ValueOutOfRange);
            int reason = reader.ReadUInt16(Field + ".reason");
            if (!OtaReason.IsDefined(reason))
            {
                throw new MalformedDataException(MalformedReason.ValueOutOfRange, Field + ".reason", "undefined reason " + reason);
            }

            long present = reader.ReadUInt32(Field + ".chunksPresent");
            long total = reader.ReadUInt32(Field + ".chunksTotal");
            if (present > total)
            {
                throw new MalformedDataException(MalformedReason.Inconsistent, Field + ".chunksPresent", "more chunks present than the total");
            }

            byte[] bundleId = reader.ReadBytes(Manifest.BundleIdLength, Field + ".bundleId");
            long counter = reader.ReadUInt32(Field + ".securityCounter");
            int textLength = reader.ReadByteInRange(Field + ".textLength", 0, OtaReport.MaxTextLength, MalformedReason.LengthOutOfRange);
            string text = AsciiText.Read(reader, textLength, AsciiCharacterSet.Printable, Field + ".text");
            reader.ExpectEnd(Field);
            return new OtaReport(campaignId, (OtaStage)stage, reason, present, total, bundleId, counter, text);
        }
    }
}
