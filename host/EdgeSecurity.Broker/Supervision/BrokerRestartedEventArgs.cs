namespace EdgeSecurity.Broker.Supervision;

/// <summary>The supervised broker was started again: after it died (<see cref="Reason"/> = Crashed) or on request (Reload).</summary>
public sealed class BrokerRestartedEventArgs(BrokerRestartReason reason, int? previousExitCode, int attempt, int port) : EventArgs
{
    public BrokerRestartReason Reason { get; } = reason;

    /// <summary>Exit code of the process that went away, when it exited by itself.</summary>
    public int? PreviousExitCode { get; } = previousExitCode;

    /// <summary>1 for the first restart after a crash, growing while restarts keep failing.</summary>
    public int Attempt { get; } = attempt;

    public int Port { get; } = port;
}
