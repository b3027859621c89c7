namespace EdgeSecurity.Simulator.Faults;

/// <summary>An --inject fault spec that cannot be used; the message names the spec and the problem.</summary>
public sealed class FaultSpecException : FormatException
{
    public FaultSpecException()
    {
    }

    public FaultSpecException(string message)
        : base(message)
    {
    }

    public FaultSpecException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
