using EdgeSecurity.Firmware.Core.Serialization;
using EdgeSecurity.Signing;
using EdgeSecurity.Signing.Keys;

namespace EdgeSecurity.Cli.Infrastructure;

/// <summary>Turns an exception from a command into the one line and exit code the user sees.</summary>
internal static class ErrorReport
{
    public static (int ExitCode, string Message) Describe(Exception exception) => exception switch
    {
        CliException e => (e.ExitCode, e.Message),
        KeyFileException { Error: KeyFileError.NotFound } e => (ExitCodes.IoError, e.Message),
        KeyFileException e => (ExitCodes.Failed, e.Message),
        SigningException e => (ExitCodes.Failed, e.Message),
        // Thrown by the core when a value given on the command line breaks a format rule (field named).
        MalformedDataException e => (ExitCodes.Failed, $"Not allowed by the format: {e.Message}"),
        FileNotFoundException e => (ExitCodes.IoError, $"File not found: '{e.FileName}'."),
        DirectoryNotFoundException e => (ExitCodes.IoError, $"{e.Message} Check the path."),
        UnauthorizedAccessException e => (ExitCodes.IoError, $"{e.Message} Check the file's permissions."),
        IOException e => (ExitCodes.IoError, e.Message),
        // A defect of edgesec, not of the input: say so, with the details needed to report it.
        _ => (ExitCodes.Failed, $"internal error, please report it: {exception}"),
    };
}
