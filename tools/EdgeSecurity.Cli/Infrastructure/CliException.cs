namespace EdgeSecurity.Cli.Infrastructure;

/// <summary>
/// A failure to report to the user as one message and an exit code, without a stack trace.
/// The message says what went wrong and what to do; it never contains secrets.
/// </summary>
public sealed class CliException : Exception
{
    public CliException(int exitCode, string message)
        : base(message)
    {
        ExitCode = exitCode;
    }

    public CliException()
    {
    }

    public CliException(string message)
        : base(message)
    {
        ExitCode = ExitCodes.Failed;
    }

    public CliException(string message, Exception innerException)
        : base(message, innerException)
    {
        ExitCode = ExitCodes.Failed;
    }

    public int ExitCode { get; }

    public static CliException Usage(string message) => new(ExitCodes.Usage, message);

    public static CliException Failed(string message) => new(ExitCodes.Failed, message);

    public static CliException Io(string message) => new(ExitCodes.IoError, message);
}
