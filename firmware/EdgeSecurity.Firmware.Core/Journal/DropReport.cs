namespace EdgeSecurity.Firmware.Core.Journal
{
    /// <summary>Records dropped since the last "records dropped" event, and the running totals.</summary>
    public sealed class DropReport
    {
        internal DropReport(int telemetry, int security, long firstSequence, long lastSequence, long telemetryTotal, long securityTotal)
        {
            Telemetry = telemetry;
            Security = security;
            FirstSequence = firstSequence;
            LastSequence = lastSequence;
            TelemetryTotal = telemetryTotal;
            SecurityTotal = securityTotal;
        }

        public int Telemetry { get; private set; }

        public int Security { get; private set; }

        public long FirstSequence { get; private set; }

        public long LastSequence { get; private set; }

        public long TelemetryTotal { get; private set; }

        public long SecurityTotal { get; private set; }
    }
}
