using System.CommandLine;
using System.Text.RegularExpressions;

namespace EdgeSecurity.Cli.Infrastructure;

/// <summary>
/// The parser's errors as a user should read them: one message per problem (an unknown command is not also
/// "required command was not provided"), the commands a group takes when none was given, and value errors
/// that name what was expected instead of a .NET type name.
/// </summary>
internal static partial class ParseErrorMessages
{
    [GeneratedRegex(@"^Cannot parse argument '(?<value>.*)' for (?<what>option|command|argument) '(?<name>[^']*)' as expected type '(?<type>[^']+)'\.$", RegexOptions.None, 100)]
    private static partial Regex TypeError();

    public static List<string> Of(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        var messages = new List<string>();
        var unknownWords = parseResult.UnmatchedTokens.ToList();
        if (unknownWords.Count > 0)
        {
            var command = parseResult.CommandResult.Command;
            var commandName = command is RootCommand ? "edgesec" : $"'{command.Name}'";
            messages.Add(command.Subcommands.Count > 0
                ? $"Unknown command '{unknownWords[0]}' for {commandName}: use one of {string.Join(", ", command.Subcommands.Select(c => c.Name))}."
                : $"Unrecognized argument '{unknownWords[0]}' for {commandName}.");
        }

        foreach (var error in parseResult.Errors)
        {
            if (error.Message.StartsWith("Unrecognized command or argument", StringComparison.Ordinal))
            {
                continue; // said above, once, with what is allowed
            }

            if (error.Message == "Required command was not provided.")
            {
                if (unknownWords.Count == 0)
                {
                    var group = parseResult.CommandResult.Command;
                    messages.Add($"'{(group is RootCommand ? "edgesec" : group.Name)}' needs a command: one of {string.Join(", ", group.Subcommands.Select(c => c.Name))}.");
                }

                continue;
            }

            messages.Add(Readable(error.Message));
        }

        return messages;
    }

    private static string Readable(string message)
    {
        var match = TypeError().Match(message);
        if (!match.Success)
        {
            return message;
        }

        var expected = match.Groups["type"].Value switch
        {
            "System.Int64" or "System.Int32" or "System.Int16" => "a whole number",
            "System.UInt64" or "System.UInt32" => "a whole number, 0 or more",
            "System.Double" or "System.Decimal" => "a number",
            "System.Boolean" => "true or false",
            "System.IO.FileInfo" => "a file path",
            "System.IO.DirectoryInfo" => "a directory path",
            "System.TimeSpan" => "a duration (hh:mm:ss)",
            var other when other.StartsWith("System.", StringComparison.Ordinal) => "a " + other["System.".Length..].ToLowerInvariant() + " value",
            var other => "one of the values --help lists for it (" + other[(other.LastIndexOf('.') + 1)..] + ")",
        };
        return $"Invalid value '{match.Groups["value"].Value}' for {match.Groups["name"].Value}: expected {expected}.";
    }
}
