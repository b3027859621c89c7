using EdgeSecurity.Firmware.Core.Events;
using EdgeSecurity.Firmware.Core.Journal;

namespace EdgeSecurity.Firmware.Core.Agent
{
    /// <summary>
    /// Turns the transport's failed connection attempts into connection- and authentication-failure events
    /// without letting a long outage fill the journal: of a run of consecutive failures, the 1st, 2nd, 4th,
    /// 8th … are recorded (each with the run's count so far), and when the link comes up again one more event
    /// gives the run's final count if it was not recorded yet. A broker away for a day at one attempt a minute
    /// costs 11 records instead of 1,440, and the host still learns how many attempts failed.
    /// </summary>
    public sealed class ConnectionFailureReporter
    {
        private readonly SecurityEventLog _log;
        private int _consecutive;
        private int _recorded;
        private bool _lastWasAuthentication;
        private string _lastEndpoint;
        private int _lastResultCode;
        private string _lastReason;

        public ConnectionFailureReporter(SecurityEventLog log)
        {
            _log = log;
        }

        /// <summary>Failed attempts since the link was last up.</summary>
        public int ConsecutiveFailures
        {
            get { return _consecutive; }
        }

        /// <summary>
        /// One attempt failed. <paramref name="authentication"/> is true when the peer was reached but the
        /// TLS handshake or the MQTT credentials were refused (recorded as an authentication failure).
        /// </summary>
        public void OnAttemptFailed(string endpoint, int resultCode, string reason, bool authentication)
        {
            _consecutive++;
            _lastEndpoint = endpoint;
            _lastResultCode = resultCode;
            _lastReason = reason;
            _lastWasAuthentication = authentication;
            if ((_consecutive & (_consecutive - 1)) == 0)
            {
                RecordLast();
            }
        }

        /// <summary>The link is up: closes the current run of failures, recording its final count if needed.</summary>
        public void OnConnected()
        {
            if (_consecutive > _recorded)
            {
                RecordLast();
            }

            _consecutive = 0;
            _recorded = 0;
        }

        private void RecordLast()
        {
            SecurityEvent securityEvent = _lastWasAuthentication
                ? SecurityEvents.AuthenticationFailure(_lastEndpoint, _lastResultCode, _lastReason, _consecutive)
                : SecurityEvents.ConnectionFailure(_lastEndpoint, _lastResultCode, _lastReason, _consecutive);
            _log.Record(securityEvent);
            _recorded = _consecutive;
        }
    }
}
