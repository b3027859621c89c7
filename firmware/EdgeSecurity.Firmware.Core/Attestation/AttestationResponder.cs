using EdgeSecurity.Firmware.Core.Platform;
using EdgeSecurity.Firmware.Core.Serialization;

namespace EdgeSecurity.Firmware.Core.Attestation
{
    /// <summary>
    /// Answers the host's attestation challenges (docs/attestation.md). A challenge arriving on the transport's
    /// thread is only remembered; <see cref="Poll"/>, on the agent's thread, captures the posture then, MACs the
    /// answer under the current event key and publishes it, so the state read is the agent's own and never torn.
    /// Only the newest challenge waits: the host awaits only its newest nonce per device. A malformed challenge
    /// is counted and changes nothing.
    /// </summary>
    public sealed class AttestationResponder : IMessageReceiver
    {
        private readonly IMacPrimitive _mac;
        private readonly byte[] _eventKey;
        private readonly int _keyEpoch;
        private readonly string _deviceId;
        private readonly IMessageTransport _transport;
        private readonly string _answerTopic;
        private readonly IPostureSource _posture;
        private readonly object _gate = new object();
        private byte[] _pendingNonce;
        private int _answered;
        private int _rejected;

        public AttestationResponder(IMacPrimitive mac, byte[] eventKey, int keyEpoch, string deviceId, IMessageTransport transport, string answerTopic, IPostureSource posture)
        {
            if (mac == null || eventKey == null || deviceId == null || transport == null || answerTopic == null || posture == null)
            {
                throw new System.ArgumentNullException("mac, eventKey, deviceId, transport, answerTopic and posture are required");
            }

            AsciiText.Validate(deviceId, 1, AttestationAnswerCodec.MaxDeviceIdLength, AsciiCharacterSet.LowerIdentifier, "deviceId");
            _mac = mac;
            _eventKey = eventKey;
            _keyEpoch = keyEpoch;
            _deviceId = deviceId;
            _transport = transport;
            _answerTopic = answerTopic;
            _posture = posture;
        }

        /// <summary>Answers published so far.</summary>
        public int AnswersSent
        {
            get { lock (_gate) { return _answered; } }
        }

        /// <summary>Command messages that were not a well-formed challenge.</summary>
        public int ChallengesRejected
        {
            get { lock (_gate) { return _rejected; } }
        }

        /// <summary>True while a challenge waits for <see cref="Poll"/> (or for the transport to take the answer).</summary>
        public bool HasPendingChallenge
        {
            get { lock (_gate) { return _pendingNonce != null; } }
        }

        /// <summary>Subscribes to the device's command leaf.</summary>
        public void Start(string commandTopic)
        {
            _transport.Subscribe(commandTopic, this);
        }

        public void OnMessage(string topic, byte[] payload)
        {
            byte[] nonce;
            try
            {
                nonce = AttestationChallengeCodec.Decode(payload);
            }
            catch (MalformedDataException)
            {
                lock (_gate)
                {
                    _rejected++;
                }

                return;
            }

            lock (_gate)
            {
                _pendingNonce = nonce;
            }
        }

        /// <summary>Answers the waiting challenge, if any; keeps it when the transport cannot take the answer now.</summary>
        public void Poll()
        {
            byte[] nonce;
            lock (_gate)
            {
                nonce = _pendingNonce;
            }

            if (nonce == null)
            {
                return;
            }

            AttestationAnswer answer = new AttestationAnswer(nonce, _deviceId, _keyEpoch, _posture.CapturePosture());
            if (!_transport.Publish(_answerTopic, AttestationAnswerCodec.Encode(_mac, _eventKey, answer)))
            {
                return;
            }

            lock (_gate)
            {
                // A newer challenge that arrived meanwhile stays pending.
                if (_pendingNonce == nonce)
                {
                    _pendingNonce = null;
                }

                _answered++;
            }
        }
    }
}
