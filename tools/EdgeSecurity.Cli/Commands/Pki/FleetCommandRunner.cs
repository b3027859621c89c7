using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using EdgeSecurity.Pki;

namespace EdgeSecurity.Cli.Commands.Pki;

/// <summary>
/// Shared plumbing of the pki/device/broker commands: exit codes (0 ok, 1 operation failed, 2 usage
/// error), error text on stderr, JSON on stdout with --json.
/// </summary>
internal static class FleetCommandRunner
{
    public const int Success = 0;
    public const int Failed = 1;
    public const int UsageError = 2;

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    public static Option<string> PkiDirectoryOption() => new("--dir")
    {
        Description = "The fleet PKI directory (created by 'edgesec pki init').",
        Required = true,
    };

    public static Option<bool> JsonOption() => new("--json") { Description = "Print the result as JSON on stdout (for scripts)." };

    /// <summary>Runs <paramref name="action"/>, turning known failures into a message and an exit code.</summary>
    public static int Run(ParseResult parseResult, Func<int> action)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        var error = parseResult.InvocationConfiguration.Error;
        try
        {
            return action();
        }
        catch (UsageException e)
        {
            error.WriteLine("error: " + e.Message);
            return UsageError;
        }
        catch (PkiException e)
        {
            error.WriteLine("error: " + e.Message);
            return Failed;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine("error: " + e.Message + " (check the path and its permissions)");
            return Failed;
        }
    }

    public static void WriteJson<T>(ParseResult parseResult, T value)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        parseResult.InvocationConfiguration.Output.WriteLine(JsonSerializer.Serialize(value, JsonOptions));
    }

    public static void WriteLine(ParseResult parseResult, string text)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        parseResult.InvocationConfiguration.Output.WriteLine(text);
    }
}
