namespace EdgeSecurity.Cli.Commands.Pki;

/// <summary>The command line is inconsistent in a way the parser cannot see (exit code 2).</summary>
internal sealed class UsageException : Exception
{
    public UsageException(string message)
        : base(message)
    {
    }

    public UsageException()
    {
    }

    public UsageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
