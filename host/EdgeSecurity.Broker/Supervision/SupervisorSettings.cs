namespace EdgeSecurity.Broker.Supervision;

/// <summary>Timing and location knobs of <see cref="MosquittoSupervisor"/>; the defaults suit production and tests alike.</summary>
public sealed class SupervisorSettings
{
    /// <summary>Path of the mosquitto binary; null searches PATH and the usual sbin directories.</summary>
    public string? MosquittoPath { get; init; }

    /// <summary>How long a start may take until the listener accepts TCP connections.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How long to wait after SIGTERM before killing.</summary>
    public TimeSpan StopTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>First delay before restarting a broker that died; doubles per consecutive failure.</summary>
    public TimeSpan InitialRestartDelay { get; init; } = TimeSpan.FromMilliseconds(250);

    public TimeSpan MaxRestartDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A broker that ran this long before dying counts as healthy: the back-off starts again from the first delay.</summary>
    public TimeSpan HealthyUptime { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How often to look for a new CRL (written by 'edgesec device revoke'); null disables the watch.</summary>
    public TimeSpan? CrlPollInterval { get; init; } = TimeSpan.FromSeconds(2);
}
