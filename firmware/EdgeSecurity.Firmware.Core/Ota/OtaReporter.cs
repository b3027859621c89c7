using System;
using EdgeSecurity.Firmware.Core.Events;
using EdgeSecurity.Firmware.Core.Journal;
using EdgeSecurity.Firmware.Core.Platform;

namespace EdgeSecurity.Firmware.Core.Ota
{
    /// <summary>
    /// Tells the journal and the host about a stage: the security event first (durable, MAC-chained, uploaded
    /// reliably), then the MAC'd report on the OTA report topic. A report that cannot be published now (link
    /// down) is kept, newest only, and published when the link is back; the event never depends on it.
    /// </summary>
    public sealed class OtaReporter
    {
        private readonly IMessageTransport _transport;
        private readonly string _reportTopic;
        private readonly IMacPrimitive _mac;
        private readonly byte[] _key;
        private readonly string _deviceId;
        private readonly SecurityEventLog _log;
        private byte[] _unsent;

        public OtaReporter(IMessageTransport transport, string reportTopic, IMacPrimitive mac, byte[] deviceEventKey, string deviceId, SecurityEventLog log)
        {
            if (transport == null || reportTopic == null || mac == null || deviceEventKey == null || deviceId == null || log == null)
            {
                throw new ArgumentNullException("transport, reportTopic, mac, deviceEventKey, deviceId and log are required");
            }

            _transport = transport;
            _reportTopic = reportTopic;
            _mac = mac;
            _key = deviceEventKey;
            _deviceId = deviceId;
            _log = log;
        }

        /// <summary>Reports published so far (tests and diagnostics).</summary>
        public int Published { get; private set; }

        /// <summary>Records <paramref name="securityEvent"/> (when not null) and publishes <paramref name="report"/>.</summary>
        public void Report(OtaReport report, SecurityEvent securityEvent)
        {
            if (securityEvent != null)
            {
                _log.Record(securityEvent);
            }

            if (report != null)
            {
                _unsent = OtaReportCodec.Encode(_mac, _key, _deviceId, report);
                Flush();
            }
        }

        /// <summary>Records an event that has no report of its own.</summary>
        public void Record(SecurityEvent securityEvent)
        {
            _log.Record(securityEvent);
        }

        /// <summary>Asks the host for chunks; false when the link cannot take it now (the timeout asks again).</summary>
        public bool Request(OtaChunkRequest request)
        {
            return _transport.IsConnected && _transport.Publish(_reportTopic, OtaChunkRequestCodec.Encode(request));
        }

        /// <summary>Publishes the kept report if there is one and the link is up.</summary>
        public void Flush()
        {
            if (_unsent != null && _transport.IsConnected && _transport.Publish(_reportTopic, _unsent))
            {
                _unsent = null;
                Published++;
            }
        }
    }
}
