using System;
using EdgeSecurity.Firmware.Core.Crypto;
using EdgeSecurity.Firmware.Core.Platform;

namespace EdgeSecurity.Firmware.Core.Events
{
    /// <summary>
    /// Follows one device's MAC chain record by record (docs/formats/events.md §2). The host keeps one per
    /// device, starting from the last record it stored (or the genesis); device tests use the same code.
    /// Only <see cref="ChainVerdict.Linked"/> and <see cref="ChainVerdict.LinkedAfterGap"/> advance the head.
    /// Key epochs (§2.1): each record is checked under the key of the epoch it names. A record of an epoch
    /// below the head's is never new (the device moved on to a newer key; a record MAC'd with an old key can
    /// only be a copy the host holds, or a forgery by whoever has that key). The first record of a newer
    /// epoch either continues the chain (the device kept its journal) or, with the genesis as previous MAC,
    /// starts a new one (its journal restarted); its sequence must still be above the head.
    /// </summary>
    public sealed class EventChainVerifier
    {
        private readonly IMacPrimitive _mac;
        private readonly IEventKeyRing _keys;
        private readonly string _deviceId;
        private byte[] _headMac;

        /// <summary>A verifier whose chain head is the record (<paramref name="headSequence"/>,
        /// <paramref name="headMac"/>); for a new device pass 0 and <see cref="EventChain.Genesis"/>.</summary>
        public EventChainVerifier(IMacPrimitive mac, byte[] deviceEventKey, string deviceId, long headSequence, byte[] headMac)
            : this(mac, new SingleKeyRing(0, deviceEventKey == null ? new byte[0] : deviceEventKey), deviceId, 0, headSequence, headMac)
        {
            if (deviceEventKey == null)
            {
                throw new ArgumentNullException("deviceEventKey");
            }
        }

        /// <summary>A verifier over all of a device's key epochs whose chain head is the record
        /// (<paramref name="headSequence"/>, <paramref name="headMac"/>) of epoch <paramref name="headEpoch"/>.</summary>
        public EventChainVerifier(IMacPrimitive mac, IEventKeyRing keys, string deviceId, ushort headEpoch, long headSequence, byte[] headMac)
        {
            if (mac == null || keys == null || deviceId == null)
            {
                throw new ArgumentNullException(mac == null ? "mac" : keys == null ? "keys" : "deviceId");
            }

            EventChain.RequireMac(headMac, "headMac");
            if (headSequence < 0)
            {
                throw new ArgumentException("Head sequence cannot be negative.");
            }

            _mac = mac;
            _keys = keys;
            _deviceId = deviceId;
            HeadEpoch = headEpoch;
            HeadSequence = headSequence;
            _headMac = (byte[])headMac.Clone();
        }

        /// <summary>The key epoch of the chain head.</summary>
        public ushort HeadEpoch { get; private set; }

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
            byte[] key = _keys.KeyFor(record.KeyEpoch);
            if (key == null)
            {
                return ChainVerdict.UnknownEpoch;
            }

            byte[] expected = EventChain.ComputeMac(_mac, key, previousMac, recordBytes);
            if (!ConstantTime.AreEqual(expected, mac))
            {
                return ChainVerdict.Forged;
            }

            if (record.DeviceId != _deviceId)
            {
                return ChainVerdict.WrongDevice;
            }

            if (record.Sequence <= HeadSequence || record.KeyEpoch < HeadEpoch)
            {
                return ChainVerdict.NotNewer;
            }

            bool newChain = record.KeyEpoch > HeadEpoch && ConstantTime.AreEqual(previousMac, EventChain.Genesis());
            bool linked = newChain || ConstantTime.AreEqual(previousMac, _headMac);
            HeadEpoch = record.KeyEpoch;
            HeadSequence = record.Sequence;
            _headMac = (byte[])mac.Clone();
            return linked ? ChainVerdict.Linked : ChainVerdict.LinkedAfterGap;
        }
    }
}
