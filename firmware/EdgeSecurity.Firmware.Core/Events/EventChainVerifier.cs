using System;
using EdgeSecurity.Firmware.Core.Crypto;
using EdgeSecurity.Firmware.Core.Platform;

namespace EdgeSecurity.Firmware.Core.Events
{
    /// <summary>
    /// Follows one device's MAC chain record by record (docs/formats/events.md §2). The host keeps one per
    /// device, starting from the last record it stored (or the genesis); device tests use the same code.
    /// Only <see cref="ChainVerdict.Linked"/> and <see cref="ChainVerdict.LinkedAfterGap"/> advance the head.
    /// </summary>
    public sealed class EventChainVerifier
    {
        private readonly IMacPrimitive _mac;
        private readonly byte[] _key;
        private readonly string _deviceId;
        private byte[] _headMac;

        /// <summary>A verifier whose chain head is the record (<paramref name="headSequence"/>,
        /// <paramref name="headMac"/>); for a new device pass 0 and <see cref="EventChain.Genesis"/>.</summary>
        public EventChainVerifier(IMacPrimitive mac, byte[] deviceEventKey, string deviceId, long headSequence, byte[] headMac)
        {
            if (mac == null || deviceEventKey == null || deviceId == null)
            {
                throw new ArgumentNullException(mac == null ? "mac" : deviceEventKey == null ? "deviceEventKey" : "deviceId");
            }

            EventChain.RequireMac(headMac, "headMac");
            if (headSequence < 0)
            {
                throw new ArgumentException("Head sequence cannot be negative.");
            }

            _mac = mac;
            _key = deviceEventKey;
            _deviceId = deviceId;
            HeadSequence = headSequence;
            _headMac = (byte[])headMac.Clone();
        }

        public long HeadSequence { get; private set; }

        public byte[] HeadMac => (byte[])_headMac.Clone();

        /// <summary>
        /// Checks a record that claims <paramref name="previousMac"/> as its predecessor's MAC and carries
        /// <paramref name="mac"/>. Malformed <paramref name="recordBytes"/> are an <see cref="EventFormatException"/>.
        /// </summary>
        public ChainVerdict Check(byte[] previousMac, byte[] recordBytes, byte[] mac)
        {
            return Check(previousMac, recordBytes, EventRecordCodec.Decode(recordBytes), mac);
        }

        /// <summary>
        /// As <see cref="Check(byte[], byte[], byte[])"/> for a record the caller already decoded from
        /// <paramref name="recordBytes"/> (a decoded batch entry), so it is not decoded twice.
        /// </summary>
        public ChainVerdict Check(byte[] previousMac, byte[] recordBytes, EventRecord record, byte[] mac)
        {
            if (record == null)
            {
                throw new ArgumentNullException("record");
            }

            EventChain.RequireMac(previousMac, "previousMac");
            EventChain.RequireMac(mac, "mac");
            byte[] expected = EventChain.ComputeMac(_mac, _key, previousMac, recordBytes);
            if (!ConstantTime.AreEqual(expected, mac))
            {
                return ChainVerdict.Forged;
            }

            if (record.DeviceId != _deviceId)
            {
                return ChainVerdict.WrongDevice;
            }

            if (record.Sequence <= HeadSequence)
            {
                return ChainVerdict.NotNewer;
            }

            bool linked = ConstantTime.AreEqual(previousMac, _headMac);
            HeadSequence = record.Sequence;
            _headMac = (byte[])mac.Clone();
            return linked ? ChainVerdict.Linked : ChainVerdict.LinkedAfterGap;
        }
    }
}
