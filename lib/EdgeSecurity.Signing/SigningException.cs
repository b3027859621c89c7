namespace EdgeSecurity.Signing;

/// <summary>An operation on a trust root or bundle that cannot be done as asked; the message says why and what to do.</summary>
public sealed class SigningException : Exception
{
    public SigningException()
    {
    }

    public SigningException(string message)
        : base(message)
    {
    }

    public SigningException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
