namespace EdgeSecurity.Firmware.Core.Agent
{
    /// <summary>
    /// When a device whose link is down tries again: at once after start, then after a delay that doubles
    /// with each failure up to a maximum, so a fleet does not hammer a broker that is down. Uptime based,
    /// because the wall clock may be unset or jump.
    /// </summary>
    public sealed class ReconnectSchedule
    {
        private readonly long _initialDelayMs;
        private readonly long _maxDelayMs;
        private long _delayMs;
        private long _nextAttemptMs;

        public ReconnectSchedule(long initialDelayMs, long maxDelayMs)
        {
            if (initialDelayMs < 1 || maxDelayMs < initialDelayMs)
            {
                throw new System.ArgumentException("The reconnect delays must be positive and the maximum at least the initial delay.");
            }

            _initialDelayMs = initialDelayMs;
            _maxDelayMs = maxDelayMs;
            _delayMs = initialDelayMs;
        }

        /// <summary>Delay that the next failure will wait.</summary>
        public long CurrentDelayMilliseconds
        {
            get { return _delayMs; }
        }

        public bool IsDue(long uptimeMs)
        {
            return uptimeMs >= _nextAttemptMs;
        }

        public void OnFailure(long uptimeMs)
        {
            _nextAttemptMs = uptimeMs + _delayMs;
            _delayMs = _delayMs > _maxDelayMs / 2 ? _maxDelayMs : _delayMs * 2;
        }

        public void OnSuccess()
        {
            _delayMs = _initialDelayMs;
            _nextAttemptMs = 0;
        }
    }
}
