using System;
using EdgeSecurity.Firmware.Core.Boot;
using EdgeSecurity.Firmware.Core.Bundles;
using EdgeSecurity.Firmware.Core.Platform;
using EdgeSecurity.Firmware.Core.Serialization;

namespace EdgeSecurity.Firmware.Core.Ota
{
    /// <summary>
    /// Persists <see cref="OtaClientState"/> in two alternating copies (<see cref="TwoCopyRecord"/>): a power
    /// cut during a save leaves the previous state. Refuses to lower the accepted offer sequence, which would
    /// re-open replays. Record layout: docs/ota.md, "client state". Format 2 appends the accepted offer's MAC;
    /// a format 1 record (written before it) still loads, with the floor it holds and no MAC.
    /// </summary>
    public sealed class OtaClientStateStore
    {
        private const int Format1PayloadBytes = 1 + 8 + 1 + 4 + Manifest.BundleIdLength + 4 + 2 + 2 + 2 + 4 + 1 + 4;
        private const int PayloadBytes = Format1PayloadBytes + OtaMessageAuthenticator.MacBytes;
        private const int Format1 = 1;
        private const int Format = 2;
        private static readonly byte[] Magic = new byte[] { (byte)'E', (byte)'S', (byte)'O', (byte)'S' };

        private readonly TwoCopyRecord _record;
        private OtaClientState _current;

        public OtaClientStateStore(IFlashStorage storage)
        {
            _record = new TwoCopyRecord(storage, OtaStorageLayout.ClientStateCopy0, OtaStorageLayout.ClientStateCopy1, Magic, PayloadBytes);
            _current = Decode(_record.Load());
        }

        /// <summary>A copy of the current state; change it and pass it to <see cref="Save"/>.</summary>
        public OtaClientState Current
        {
            get { return _current.Copy(); }
        }

        public void Save(OtaClientState next)
        {
            if (next == null)
            {
                throw new ArgumentNullException("next");
            }

            if (next.LastAcceptedSequence < _current.LastAcceptedSequence)
            {
                throw new InvalidOperationException("Refusing to lower the accepted offer sequence from " + _current.LastAcceptedSequence.ToString() + " to " + next.LastAcceptedSequence.ToString() + ".");
            }

            _record.Save(Encode(next));
            _current = next.Copy();
        }

        private static byte[] Encode(OtaClientState state)
        {
            var writer = new ByteWriter(PayloadBytes);
            writer.WriteByte(Format);
            writer.WriteInt64(state.LastAcceptedSequence);
            writer.WriteByte((int)state.Phase);
            writer.WriteUInt32(state.CampaignId);
            writer.WriteBytes(state.BundleId);
            writer.WriteUInt32(state.SecurityCounter);
            writer.WriteUInt16(state.Version.Major);
            writer.WriteUInt16(state.Version.Minor);
            writer.WriteUInt16(state.Version.Patch);
            writer.WriteUInt32(state.Version.Build);
            writer.WriteByte(state.TargetSlot);
            writer.WriteUInt32(state.ChunksTotal);
            writer.WriteBytes(state.LastAcceptedOfferMac);
            return writer.ToArray();
        }

        /// <summary>A record that passed its CRC but does not decode is treated like a missing one: start idle.</summary>
        private static OtaClientState Decode(byte[] payload)
        {
            OtaClientState state = new OtaClientState();
            if (payload == null || (payload.Length != PayloadBytes && payload.Length != Format1PayloadBytes))
            {
                return state;
            }

            try
            {
                var reader = new ByteReader(payload);
                int format = payload.Length == PayloadBytes ? Format : Format1;
                reader.ReadByteInRange("ota.state.format", format, format, MalformedReason.UnsupportedVersion);
                state.LastAcceptedSequence = reader.ReadInt64("ota.state.sequence");
                state.Phase = (OtaPhase)reader.ReadByteInRange("ota.state.phase", (int)OtaPhase.Idle, (int)OtaPhase.Trial, MalformedReason.ValueOutOfRange);
                state.CampaignId = reader.ReadUInt32("ota.state.campaign");
                state.BundleId = reader.ReadBytes(Manifest.BundleIdLength, "ota.state.bundleId");
                state.SecurityCounter = reader.ReadUInt32("ota.state.counter");
                int major = reader.ReadUInt16("ota.state.version");
                int minor = reader.ReadUInt16("ota.state.version");
                int patch = reader.ReadUInt16("ota.state.version");
                state.Version = new BundleVersion(major, minor, patch, reader.ReadUInt32("ota.state.version"));
                state.TargetSlot = reader.ReadByteInRange("ota.state.slot", BootSlot.None, BootSlot.B, MalformedReason.ValueOutOfRange);
                state.ChunksTotal = (int)reader.ReadUInt32("ota.state.chunks");
                if (format == Format)
                {
                    state.LastAcceptedOfferMac = reader.ReadBytes(OtaMessageAuthenticator.MacBytes, "ota.state.offerMac");
                }

                reader.ExpectEnd("ota.state");
                return state;
            }
            catch (MalformedDataException)
            {
                // Only a CRC-valid record of another format can get here; forgetting an update in progress is
                // safe (the host re-offers it), but the replay floor must not be lost with it.
                OtaClientState fresh = new OtaClientState();
                fresh.LastAcceptedSequence = state.LastAcceptedSequence;
                return fresh;
            }
        }
    }
}
