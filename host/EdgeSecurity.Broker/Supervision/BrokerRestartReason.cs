namespace EdgeSecurity.Broker.Supervision;

public enum BrokerRestartReason
{
    /// <summary>mosquitto exited without being asked to.</summary>
    Crashed,

    /// <summary>A reload was requested (for example after a revocation changed the CRL).</summary>
    Reload,
}
