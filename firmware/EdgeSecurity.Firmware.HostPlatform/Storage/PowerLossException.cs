namespace EdgeSecurity.Firmware.HostPlatform.Storage;

/// <summary>
/// Simulated loss of power. Deliberately not an <see cref="IOException"/>: agent code that handles
/// storage errors must not be able to catch a power cut and carry on as if the device were still running.
/// </summary>
public sealed class PowerLossException : Exception
{
    public PowerLossException(long step)
        : base($"Simulated power loss at storage step {step}.")
    {
        Step = step;
    }

    public PowerLossException()
        : this(0)
    {
    }

    public PowerLossException(string message)
        : base(message)
    {
    }

    public PowerLossException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The durable step at which power was cut.</summary>
    public long Step { get; }
}
