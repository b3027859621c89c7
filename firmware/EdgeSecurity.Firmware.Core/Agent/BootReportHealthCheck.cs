using System;

namespace EdgeSecurity.Firmware.Core.Agent
{
    /// <summary>
    /// The default health check of a trial boot: within <c>limit</c> milliseconds of the start of the
    /// supervision, the agent is connected to the broker and the host has acknowledged (by its MAC'd event
    /// ack) the boot report of this boot. Proves the new bundle left the device able to report and be
    /// managed, which is what a rollback must protect; product checks can be added with another
    /// <see cref="IHealthCheck"/>.
    /// </summary>
    public sealed class BootReportHealthCheck : IHealthCheck
    {
        /// <summary>Default limit: long enough for Wi-Fi, TLS and a first upload on a slow link.</summary>
        public const long DefaultLimitMilliseconds = 5L * 60 * 1000;

        private readonly DeviceAgent _agent;
        private readonly long _deadline;
        private HealthVerdict _verdict;
        private string _reason;

        /// <param name="agent">The agent whose services are started (its boot report is recorded).</param>
        /// <param name="startUptimeMilliseconds">Uptime when supervision started.</param>
        /// <param name="limitMilliseconds">Time allowed for the condition, from the start.</param>
        public BootReportHealthCheck(DeviceAgent agent, long startUptimeMilliseconds, long limitMilliseconds)
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

            bool connected = _agent.IsConnected;
            bool acknowledged = _agent.IsBootReportAcknowledged;
            if (connected && acknowledged)
            {
                _verdict = HealthVerdict.Healthy;
                _reason = "connected and the host acknowledged boot report #" + _agent.BootReportSequence.ToString();
            }
            else if (uptimeMilliseconds >= _deadline)
            {
                _verdict = HealthVerdict.Unhealthy;
                _reason = "within the time limit the agent " + (connected ? "connected but the host did not acknowledge boot report #" + _agent.BootReportSequence.ToString() : "did not connect to the broker");
            }

            return _verdict;
        }
    }
}
