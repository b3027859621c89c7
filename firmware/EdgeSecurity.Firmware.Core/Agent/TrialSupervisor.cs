using System;
using EdgeSecurity.Firmware.Core.Boot;
using EdgeSecurity.Firmware.Core.Events;

namespace EdgeSecurity.Firmware.Core.Agent
{
    /// <summary>
    /// The only place a trial boot is confirmed or rejected (docs/boot.md, "health check"): it confirms
    /// when the application started and the health check says healthy, and rejects when the application
    /// could not start or the check says unhealthy (for example its time limit passed). Each verdict is
    /// recorded as a security event (OTA confirmed / OTA rolled back), and so is a rollback the boot table
    /// decided before anything ran (the trial did not verify or ran out of attempts), which this boot reports
    /// once. The update client only reports the outcome on the OTA report topic. Nothing is confirmed at load time.
    /// </summary>
    public sealed class TrialSupervisor
    {
        private readonly DeviceAgent _agent;
        private readonly IHealthCheck _check;
        private TrialOutcome _outcome;
        private bool _applicationStarted;
        private string _reason = string.Empty;

        /// <param name="agent">The agent whose services are started.</param>
        /// <param name="check">The condition the trial must meet (<see cref="BootReportHealthCheck"/> by default).</param>
        public TrialSupervisor(DeviceAgent agent, IHealthCheck check)
        {
            if (agent == null || check == null)
            {
                throw new ArgumentNullException(agent == null ? "agent" : "check");
            }

            _agent = agent;
            _check = check;
            _outcome = agent.Manager.IsTrialOpen ? TrialOutcome.Running : TrialOutcome.NotATrial;
            RecordBootRollback();
        }

        public TrialOutcome Outcome
        {
            get { return _outcome; }
        }

        /// <summary>True after a rejection: the caller reboots so the confirmed slot runs again.</summary>
        public bool RebootRequired
        {
            get { return _outcome == TrialOutcome.Rejected; }
        }

        /// <summary>Why the trial was confirmed or rejected, or empty while it runs.</summary>
        public string Reason
        {
            get { return _reason; }
        }

        /// <summary>
        /// The platform reports whether the application started (every assembly of a ready
        /// <see cref="ApplicationLoad"/> loaded). A trial whose application did not start is rejected at once.
        /// </summary>
        public void ApplicationStarted(bool started, string detail)
        {
            if (_outcome != TrialOutcome.Running)
            {
                return;
            }

            if (started)
            {
                _applicationStarted = true;
                return;
            }

            Reject("the application did not start: " + detail);
        }

        /// <summary>Called from the agent loop: confirms or rejects once the health check has a verdict.</summary>
        public TrialOutcome Poll(long uptimeMilliseconds)
        {
            if (_outcome != TrialOutcome.Running)
            {
                return _outcome;
            }

            HealthVerdict verdict = _check.Evaluate(uptimeMilliseconds);
            if (verdict == HealthVerdict.Unhealthy)
            {
                Reject("health check failed: " + _check.Reason);
            }
            else if (verdict == HealthVerdict.Healthy && _applicationStarted)
            {
                _agent.Manager.Confirm();
                _outcome = TrialOutcome.Confirmed;
                _reason = "health check passed: " + _check.Reason;
                BootReport report = _agent.Decision.Report;
                _agent.Log.Record(SecurityEvents.OtaConfirmed(report.Version, report.ConfirmedCounter, BootSlot.Name(report.Slot)));
            }
            else if (verdict == HealthVerdict.Healthy)
            {
                Reject("health check passed but the application was never reported started");
            }

            return _outcome;
        }

        /// <summary>
        /// A trial abandoned by the boot table (never supervised: it did not verify or ran out of attempts) is
        /// reported by exactly one boot, this one; a health-check rollback was recorded when it was rejected.
        /// </summary>
        private void RecordBootRollback()
        {
            BootReport report = _agent.Decision.Report;
            if (!BootSlot.IsSlot(report.RolledBackFrom) || report.RollbackReason == RollbackReason.None || report.RollbackReason == RollbackReason.HealthCheckFailed)
            {
                return;
            }

            string reason = "rollback to the previous bundle: trial in slot " + BootSlot.Name(report.RolledBackFrom) + " abandoned at boot (" + RollbackName(report.RollbackReason) + ")";
            _agent.Log.Record(SecurityEvents.OtaRolledBack(string.Empty, BootSlot.Name(report.RolledBackFrom), (int)report.RollbackReason, reason));
        }

        private static string RollbackName(RollbackReason reason)
        {
            return reason == RollbackReason.TrialAttemptsExhausted ? "trial attempts exhausted" : "trial did not verify";
        }

        private void Reject(string reason)
        {
            _agent.Manager.RejectTrial();
            _outcome = TrialOutcome.Rejected;
            _reason = reason;
            BootReport report = _agent.Decision.Report;
            // The reason names the rollback (docs/events.md, 0x0206): the host's rollback alert matches on it.
            _agent.Log.Record(SecurityEvents.OtaRolledBack(report.Version, BootSlot.Name(report.Slot), (int)RollbackReason.HealthCheckFailed, "rollback to the previous bundle: " + reason));
        }
    }
}
