using System.Collections;
using EdgeSecurity.Firmware.Core.Serialization;

namespace EdgeSecurity.Firmware.Core.Ota
{
    /// <summary>
    /// Hands OTA messages from the transport's thread to the agent's loop, bounded: hashing and writing a
    /// chunk must not run on the MQTT thread, and a host that floods the chunk topic must not exhaust the heap
    /// or crowd out the chunks the device asked for. A chunk whose header does not name an outstanding
    /// request (campaign, component, index, exact length) is dropped at the door and counted; the loop
    /// records the count (<see cref="TakeTurnedAway"/>). A message that does not fit is dropped and counted
    /// too (a chunk is requested again after its timeout, an offer is re-sent by the host).
    /// </summary>
    public sealed class OtaInbox
    {
        private readonly object _gate = new object();
        private readonly ArrayList _topics = new ArrayList();
        private readonly ArrayList _payloads = new ArrayList();
        private readonly int _capacity;
        private long _expectedCampaign;
        private int[] _expected = new int[0];
        private int _turnedAway;

        public OtaInbox(int capacity)
        {
            _capacity = capacity < 1 ? 1 : capacity;
        }

        /// <summary>Messages dropped because the inbox was full.</summary>
        public int Dropped { get; private set; }

        /// <summary>
        /// The chunks that may enter: outstanding requests of <paramref name="campaignId"/>, each as component,
        /// chunk index and exact length (three ints per chunk). An empty list turns every chunk away.
        /// </summary>
        public void ExpectChunks(long campaignId, int[] componentChunkLength)
        {
            lock (_gate)
            {
                _expectedCampaign = campaignId;
                _expected = componentChunkLength ?? new int[0];
            }
        }

        /// <summary>Queues an offer (<paramref name="isChunk"/> false) or an expected chunk.</summary>
        public void Put(string topic, byte[] payload, bool isChunk)
        {
            lock (_gate)
            {
                if (isChunk && !IsExpectedLocked(payload))
                {
                    _turnedAway++;
                    return;
                }

                if (_topics.Count >= _capacity)
                {
                    Dropped++;
                    return;
                }

                _topics.Add(topic);
                _payloads.Add(payload);
            }
        }

        /// <summary>Chunks turned away since the last call.</summary>
        public int TakeTurnedAway()
        {
            lock (_gate)
            {
                int count = _turnedAway;
                _turnedAway = 0;
                return count;
            }
        }

        /// <summary>The oldest message, or false when there is none.</summary>
        public bool TryTake(out string topic, out byte[] payload)
        {
            lock (_gate)
            {
                if (_topics.Count == 0)
                {
                    topic = null;
                    payload = null;
                    return false;
                }

                topic = (string)_topics[0];
                payload = (byte[])_payloads[0];
                _topics.RemoveAt(0);
                _payloads.RemoveAt(0);
                return true;
            }
        }

        /// <summary>Reads only the fixed header (docs/formats/ota.md §4); the full parse happens in the loop.</summary>
        private bool IsExpectedLocked(byte[] payload)
        {
            if (payload.Length < OtaChunkCodec.HeaderBytes || OtaMessages.Classify(payload) != OtaMessageType.Chunk)
            {
                return false;
            }

            long campaign = LittleEndian.ReadUInt32(payload, 6);
            int component = payload[10];
            int chunk = LittleEndian.ReadUInt16(payload, 11);
            long length = LittleEndian.ReadUInt32(payload, 13);
            if (campaign != _expectedCampaign || length != payload.Length - OtaChunkCodec.HeaderBytes)
            {
                return false;
            }

            for (int i = 0; i + 2 < _expected.Length; i += 3)
            {
                if (_expected[i] == component && _expected[i + 1] == chunk && _expected[i + 2] == length)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
