namespace EdgeSecurity.Pki;

/// <summary>
/// An operation on the fleet PKI was refused or failed. The message says what is wrong and what to do;
/// it never contains key material.
/// </summary>
public sealed class PkiException : Exception
{
    public PkiException(string message)
        : base(message)
    {
    }

    public PkiException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public PkiException()
    {
    }
}
