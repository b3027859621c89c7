using EdgeSecurity.Firmware.Core.Events;
using EdgeSecurity.Firmware.PortableCases.Support;

namespace EdgeSecurity.Firmware.PortableCases.Cases
{
    /// <summary>The event record codec (encode, decode, every field kind, non-ASCII text) and the MAC chain over it.</summary>
    public static class EventCases
    {
        public static string CodecAndChain(VectorSet vectors)
        {
            Transcript transcript = new Transcript();
            ManagedHmacSha256 mac = new ManagedHmacSha256();
            byte[] key = vectors.Bytes("event.key");
            EventChainVerifier verifier = new EventChainVerifier(mac, key, SampleEvents.DeviceId, 0, EventChain.Genesis());
            byte[] previous = EventChain.Genesis();
            for (int n = 1; n <= 4; n++)
            {
                // Sequence 3 is never used (as after a reboot that skips a sequence block); the MACs still link.
                long sequence = n < 3 ? n : n + 1;
                EventRecord record = SampleEvents.Record(sequence, n);
                byte[] bytes = EventRecordCodec.Encode(record);
                EventRecord decoded = EventRecordCodec.Decode(bytes);
                bool same = Transcript.SameBytes(EventRecordCodec.Encode(decoded), bytes)
                    && decoded.FindField(4).StringValue == record.FindField(4).StringValue
                    && decoded.FindField(2).Int64Value == record.FindField(2).Int64Value
                    && decoded.FindField(1).Int32Value == record.FindField(1).Int32Value;
                byte[] chained = EventChain.ComputeMac(mac, key, previous, bytes);
                transcript.Add("seq" + sequence + ":" + bytes.Length + "B," + Transcript.ShortDigest(bytes) + ",mac" + Hex.Encode(chained, 0, 4)
                    + ",verdict" + (int)verifier.Check(previous, bytes, chained));
                transcript.Check("roundtrip" + sequence, same);
                previous = chained;
            }

            EventRecord replay = SampleEvents.Record(5, 4);
            byte[] replayBytes = EventRecordCodec.Encode(replay);
            transcript.Add("replay:verdict" + (int)verifier.Check(previous, replayBytes, EventChain.ComputeMac(mac, key, previous, replayBytes)));
            EventRecord next = SampleEvents.Record(6, 5);
            byte[] nextBytes = EventRecordCodec.Encode(next);
            transcript.Add("forged:verdict" + (int)verifier.Check(previous, nextBytes, EventChain.ComputeMac(mac, CaseKit.Flipped(key, 0), previous, nextBytes)));
            try
            {
                EventRecordCodec.Decode(CaseKit.Flipped(nextBytes, 0));
                transcript.Add("bad-version:decoded");
            }
            catch (EventFormatException e)
            {
                transcript.Add("bad-version:error" + (int)e.EventReason);
            }

            return transcript.ToString();
        }
    }
}
