using System;
using EdgeSecurity.Firmware.Core.Agent;
using EdgeSecurity.Firmware.Core.Journal;

namespace EdgeSecurity.Firmware.Core.Ota
{
    /// <summary>
    /// The minimum health check of a trial (issue: "the agent connected and the host acknowledged its boot
    /// report within a time limit"): healthy once the host's MAC'd ack covers this boot's boot-verification
    /// record and the optional application check is healthy too; unhealthy when the application check says so
    /// or the deadline passes first. An ack proves the new bundle's agent reached the broker over mutual TLS,
    /// uploaded, and the host stored what it sent.
    /// </summary>
    public sealed class BootAcknowledgedHealthCheck : IHealthCheck
    {
        private readonly EventJournal _journal;
        private readonly long _bootRecordSequence;
        private readonly long _deadlineUptimeMs;
        private readonly IHealthCheck _application;
        private string _reason = "waiting for the host to acknowledge the boot report";

        /// <param name="bootRecordSequence">The sequence of this boot's boot-verification record.</param>
        /// <param name="deadlineUptimeMs">Uptime by which everything must have passed.</param>
        /// <param name="application">An application's own check, or null.</param>
        public BootAcknowledgedHealthCheck(EventJournal journal, long bootRecordSequence, long deadlineUptimeMs, IHealthCheck application)
        {
            if (journal == null)
            {
                throw new ArgumentNullException("journal");
            }

            _journal = journal;
            _bootRecordSequence = bootRecordSequence;
            _deadlineUptimeMs = deadlineUptimeMs;
            _application = application;
        }

        public string Reason
        {
            get { return _reason; }
        }

        public HealthVerdict Evaluate(long uptimeMs)
        {
            HealthVerdict application = _application == null ? HealthVerdict.Healthy : _application.Evaluate(uptimeMs);
            if (application == HealthVerdict.Unhealthy)
            {
                _reason = "application health check failed: " + _application.Reason;
                return HealthVerdict.Unhealthy;
            }

            bool acknowledged = _bootRecordSequence >= 0 && _journal.AcknowledgedThrough >= _bootRecordSequence;
            if (acknowledged && application == HealthVerdict.Healthy)
            {
                _reason = "host acknowledged the boot report" + (_application == null ? string.Empty : "; " + _application.Reason);
                return HealthVerdict.Healthy;
            }

            if (uptimeMs >= _deadlineUptimeMs)
            {
                _reason = acknowledged
                    ? "application health check did not pass within the time limit"
                    : "the host did not acknowledge the boot report within the time limit";
                return HealthVerdict.Unhealthy;
            }

            return HealthVerdict.Pending;
        }
    }
}
