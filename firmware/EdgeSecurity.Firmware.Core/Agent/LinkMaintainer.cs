using EdgeSecurity.Firmware.Core.Platform;

namespace EdgeSecurity.Firmware.Core.Agent
{
    /// <summary>
    /// Keeps a device's broker connection up from the agent loop: while it is down, tries again on the
    /// <see cref="ReconnectSchedule"/> and reports each failed attempt, and the link coming up, to the
    /// <see cref="ConnectionFailureReporter"/>.
    /// </summary>
    public sealed class LinkMaintainer
    {
        private readonly IBrokerConnection _connection;
        private readonly string _endpoint;
        private readonly ReconnectSchedule _schedule;
        private readonly ConnectionFailureReporter _failures;

        public LinkMaintainer(IBrokerConnection connection, string endpoint, ReconnectSchedule schedule, ConnectionFailureReporter failures)
        {
            _connection = connection;
            _endpoint = endpoint;
            _schedule = schedule;
            _failures = failures;
        }

        public void Poll(long uptimeMs)
        {
            if (_connection.IsConnected)
            {
                _failures.OnConnected();
                return;
            }

            if (!_schedule.IsDue(uptimeMs))
            {
                return;
            }

            ConnectAttempt attempt = _connection.TryConnect();
            if (attempt.Succeeded)
            {
                _schedule.OnSuccess();
                _failures.OnConnected();
            }
            else
            {
                _schedule.OnFailure(uptimeMs);
                _failures.OnAttemptFailed(_endpoint, attempt.ResultCode, attempt.Reason, attempt.Authentication);
            }
        }
    }
}
