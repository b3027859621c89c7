using System;

namespace EdgeSecurity.Firmware.Core.Agent
{
    /// <summary>
    /// The default health check of a trial boot: within <c>limit</c> milliseconds of the start of the
    /// supervision, the agent is connected to the broker and the host has acknowledged (by its MAC'd event
    /// ack) the boot report of this boot. Proves the new bundle left the device able to report and be
    /// managed, which is what a rollback must protect. A product's own check (optional) composes with it:
    /// the trial is healthy only when both are, and unhealthy as soon as the product's check says so.
    /// </summary>
    public sealed class BootReportHealthCheck : IHealthCheck
    {
        /// <summary>Default limit: long enough for Wi-Fi, TLS and a first upload on a slow link.</summary>
        public const long DefaultLimitMilliseconds = 5L * 60 * 1000;

        private readonly DeviceAgent _agent;
        private readonly long _deadline;
        private readonly IHealthCheck _application;
        private HealthVerdict _verdict;
        private string _reason;

        /// <param name="agent">The agent whose services are started (its boot report is recorded).</param>
        /// <param name="startUptimeMilliseconds">Uptime when supervision started.</param>
        /// <param name="limitMilliseconds">Time allowed for the condition, from the start.</param>
        public BootReportHealthCheck(DeviceAgent agent, long startUptimeMilliseconds, long limitMilliseconds)
            : this(agent, startUptimeMilliseconds, limitMilliseconds, null)
        {
        }

        /// <param name="agent">The agent whose services are started (its boot report is recorded).</param>
        /// <param name="startUptimeMilliseconds">Uptime when supervision started.</param>
        /// <param name="limitMilliseconds">Time allowed for the condition, from the start.</param>
        /// <param name="application">The product's own check, or null.</param>
        public BootReportHealthCheck(DeviceAgent agent, long startUptimeMilliseconds, long limitMilliseconds, IHealthCheck application)
        {
            if (agent == null)
            {
                throw new ArgumentNullException("agent");
            }

            if (limitMilliseconds <= 0)
            {
                throw new ArgumentOutOfRangeException("limitMilliseconds", "The health check needs a positive time limit.");
            }

            _agent = agent;
            _application = application;
            _deadline = startUptimeMilliseconds + limitMilliseconds;
            _verdict = HealthVerdict.Pending;
            _reason = "waiting for the connection and the host's acknowledgement of boot report #" + agent.BootReportSequence.ToString();
        }

        public string Reason
        {
            get { return _reason; }
        }

        public HealthVerdict Evaluate(long uptimeMilliseconds)
        {
            if (_verdict != HealthVerdict.Pending)
            {
                return _verdict;
            }

            HealthVerdict application = _application == null ? HealthVerdict.Healthy : _application.Evaluate(uptimeMilliseconds);
            if (application == HealthVerdict.Unhealthy)
            {
                _verdict = HealthVerdict.Unhealthy;
                _reason = "application health check failed: " + _application.Reason;
                return _verdict;
            }

            bool connected = _agent.IsConnected;
            bool acknowledged = _agent.IsBootReportAcknowledged;
            if (connected && acknowledged && application == HealthVerdict.Healthy)
            {
                _verdict = HealthVerdict.Healthy;
                _reason = "connected and the host acknowledged boot report #" + _agent.BootReportSequence.ToString() + (_application == null ? string.Empty : "; " + _application.Reason);
            }
            else if (uptimeMilliseconds >= _deadline)
            {
                _verdict = HealthVerdict.Unhealthy;
                _reason = connected && acknowledged
                    ? "the application health check did not pass within the time limit"
                    : "within the time limit the agent " + (connected ? "connected but the host did not acknowledge boot report #" + _agent.BootReportSequence.ToString() : "did not connect to the broker");
            }

            return _verdict;
        }
    }
}
