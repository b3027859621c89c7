namespace EdgeSecurity.Broker;

/// <summary>The broker could not be started or supervised; the message says why and what to do.</summary>
public sealed class BrokerException : Exception
{
    public BrokerException(string message)
        : base(message)
    {
    }

    public BrokerException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public BrokerException()
    {
    }
}
