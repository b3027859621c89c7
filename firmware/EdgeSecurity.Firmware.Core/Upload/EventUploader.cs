using System;
using System.Collections;
using EdgeSecurity.Firmware.Core.Crypto;
using EdgeSecurity.Firmware.Core.Events;
using EdgeSecurity.Firmware.Core.Journal;
using EdgeSecurity.Firmware.Core.Platform;

namespace EdgeSecurity.Firmware.Core.Upload
{
    /// <summary>
    /// Moves journal records to the host: batches them (bounded in bytes and count), keeps at most N
    /// batches in flight, and trims the journal only when the host's authenticated end-to-end ack says
    /// the records are stored (a broker PUBACK is not enough). After a reconnect, an ack timeout, a "busy"
    /// answer or a "gap" answer (the host missed a batch) it resends everything not acknowledged; it
    /// honours the host's retry-after.
    /// Drive it by calling <see cref="Poll"/> periodically; acks arrive through <see cref="OnMessage"/>.
    /// All timing uses uptime, never the wall clock, which may be unset or jump.
    /// </summary>
    public sealed class EventUploader : IMessageReceiver
    {
        private readonly EventJournal _journal;
        private readonly IMessageTransport _transport;
        private readonly IClock _clock;
        private readonly IMacPrimitive _mac;
        private readonly byte[] _key;
        private readonly string _eventTopic;
        private readonly string _ackTopic;
        private readonly UploaderOptions _options;
        private readonly ArrayList _inFlight = new ArrayList();
        private readonly object _gate = new object();
        private long _sentThrough;
        private long _highestSent;
        private long _backoffUntil;
        private uint _nextBatchId = 1;
        private bool _wasConnected;

        public EventUploader(EventJournal journal, IMessageTransport transport, IClock clock, IMacPrimitive mac, byte[] deviceEventKey, string eventTopic, string ackTopic, UploaderOptions options)
        {
            if (journal == null || transport == null || clock == null || mac == null || deviceEventKey == null || options == null
                || eventTopic == null || eventTopic.Length == 0 || ackTopic == null || ackTopic.Length == 0)
            {
                throw new ArgumentException("journal, transport, clock, mac, deviceEventKey, both topics and options are required.");
            }

            options.Validate();
            _journal = journal;
            _transport = transport;
            _clock = clock;
            _mac = mac;
            _key = deviceEventKey;
            _eventTopic = eventTopic;
            _ackTopic = ackTopic;
            _options = options;
        }

        public int InFlightBatches
        {
            get { lock (_gate) { return _inFlight.Count; } }
        }

        /// <summary>Acks ignored because they were malformed, unauthentic, or acknowledged records never sent.</summary>
        public int RejectedAcks { get; private set; }

        /// <summary>Uptime before which nothing is published (the host's retry-after).</summary>
        public long BackoffUntilUptimeMs
        {
            get { lock (_gate) { return _backoffUntil; } }
        }

        /// <summary>Subscribes to the ack topic.</summary>
        public void Start()
        {
            _transport.Subscribe(_ackTopic, this);
        }

        /// <summary>Publishes what may be published now. Never blocks on the network.</summary>
        public void Poll()
        {
            lock (_gate)
            {
                long now = _clock.UptimeMilliseconds;
                if (!_transport.IsConnected)
                {
                    _wasConnected = false;
                    return;
                }

                if (!_wasConnected)
                {
                    // A new session: anything in flight may never have reached the host.
                    ResendUnacknowledged();
                    _wasConnected = true;
                }

                if (_inFlight.Count > 0 && now - ((InFlightBatch)_inFlight[0]).SentAtUptimeMs >= _options.AckTimeoutMs)
                {
                    ResendUnacknowledged();
                }

                bool published = true;
                while (published && now >= _backoffUntil && _inFlight.Count < _options.MaxInFlightBatches)
                {
                    published = PublishNextBatch(now);
                }
            }
        }

        /// <summary>Handles an ack; anything else on the topic, or a bad ack, changes nothing but a counter.</summary>
        public void OnMessage(string topic, byte[] payload)
        {
            if (topic != _ackTopic || payload == null)
            {
                return;
            }

            EventAck ack;
            try
            {
                ack = EventAckCodec.Decode(_mac, _key, payload);
            }
            catch (EventFormatException)
            {
                lock (_gate)
                {
                    RejectedAcks++;
                }

                return;
            }

            lock (_gate)
            {
                Apply(ack);
            }
        }

        private void Apply(EventAck ack)
        {
            if (ack.AckedThrough > _highestSent)
            {
                RejectedAcks++;
                return;
            }

            if (ack.AckedThrough > _journal.AcknowledgedThrough)
            {
                _journal.Acknowledge(ack.AckedThrough);
            }

            // Before the in-flight list is trimmed: a gap answer counts only for a batch of the current round.
            bool gapInThisRound = ack.Status == AckStatus.Gap && IsInFlight(ack.BatchId);
            while (_inFlight.Count > 0 && ((InFlightBatch)_inFlight[0]).LastSequence <= ack.AckedThrough)
            {
                _inFlight.RemoveAt(0);
            }

            if (_sentThrough < ack.AckedThrough)
            {
                _sentThrough = ack.AckedThrough;
            }

            if (ack.RetryAfterMs > 0)
            {
                _backoffUntil = _clock.UptimeMilliseconds + ack.RetryAfterMs;
            }

            // A gap answer to a batch sent before the last resend is stale: that resend already covers it.
            if (ack.Status == AckStatus.Busy || gapInThisRound)
            {
                ResendUnacknowledged();
            }
        }

        private bool IsInFlight(uint batchId)
        {
            for (int i = 0; i < _inFlight.Count; i++)
            {
                if (((InFlightBatch)_inFlight[i]).BatchId == batchId)
                {
                    return true;
                }
            }

            return false;
        }

        private bool PublishNextBatch(long now)
        {
            JournalEntry[] entries = _journal.ReadAfter(_sentThrough, _options.MaxBatchRecords);
            if (entries.Length == 0)
            {
                return false;
            }

            int count = 0;
            int size = EventBatchCodec.HeaderBytes + BatchCompleteness.Bytes;
            byte[] implied = null;
            while (count < entries.Length)
            {
                JournalEntry entry = entries[count];
                bool explicitPrevious = implied == null || !ConstantTime.AreEqual(implied, entry.PreviousMac);
                int entrySize = EventBatchCodec.EntrySize(entry.Record.Length, explicitPrevious);
                if (count > 0 && size + entrySize > _options.MaxBatchBytes)
                {
                    break;
                }

                size += entrySize;
                implied = entry.Mac;
                count++;
            }

            // ReadAfter returned every record still held after _sentThrough, so the batch is complete from there:
            // the host may then acknowledge past a hole (those records are gone), and only then.
            uint batchId = _nextBatchId;
            long coveredFrom = (_sentThrough > _journal.AcknowledgedThrough ? _sentThrough : _journal.AcknowledgedThrough) + 1;
            var completeness = BatchCompleteness.Create(_mac, _key, coveredFrom, entries, count);
            byte[] payload = EventBatchCodec.Encode(batchId, entries, count, completeness);
            if (!_transport.Publish(_eventTopic, payload))
            {
                return false;
            }

            _nextBatchId++;
            long last = entries[count - 1].Sequence;
            _inFlight.Add(new InFlightBatch(batchId, last, now));
            _sentThrough = last;
            if (last > _highestSent)
            {
                _highestSent = last;
            }

            return true;
        }

        private void ResendUnacknowledged()
        {
            _inFlight.Clear();
            _sentThrough = _journal.AcknowledgedThrough;
        }
    }
}
