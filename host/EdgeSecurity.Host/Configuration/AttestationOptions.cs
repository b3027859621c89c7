namespace EdgeSecurity.Host.Configuration;

/// <summary>Posture attestation (docs/attestation.md, "Host configuration"): EdgeSecurity:Attestation:...</summary>
public sealed class AttestationOptions
{
    /// <summary>False stops the periodic challenges (on-demand challenges and answers still work).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often each device is challenged.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Fraction of <see cref="Interval"/> by which each next challenge is moved at random, both ways, so a fleet is not challenged in one burst.</summary>
    public double Jitter { get; set; } = 0.1;

    /// <summary>How long a device has to answer; no answer by then is late.</summary>
    public TimeSpan Deadline { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often the scheduler challenges due devices, reports late ones and settles deferred chain checks.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(10);
}
