namespace EdgeSecurity.Host.Configuration;

/// <summary>The host cannot start with its configuration; the message says what to fix.</summary>
public sealed class HostConfigurationException : Exception
{
    public HostConfigurationException(string message)
        : base(message)
    {
    }

    public HostConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public HostConfigurationException()
    {
    }
}
