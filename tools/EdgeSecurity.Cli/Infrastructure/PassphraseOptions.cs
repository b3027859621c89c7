using System.CommandLine;

namespace EdgeSecurity.Cli.Infrastructure;

/// <summary>
/// The three ways to give a passphrase (never as an argument value, which would show in `ps` and in
/// shell history): an environment variable, a file, or a prompt on the terminal.
/// </summary>
internal sealed class PassphraseOptions
{
    public Option<string?> Environment { get; } = new("--passphrase-env")
    {
        Description = "Read the passphrase from this environment variable (give its name, not the passphrase).",
        HelpName = "VAR",
    };

    public Option<FileInfo?> File { get; } = new("--passphrase-file")
    {
        Description = "Read the passphrase from the first line of this file.",
        HelpName = "PATH",
    };

    public Option<bool> Ask { get; } = new("--ask-passphrase")
    {
        Description = "Prompt for the passphrase on the terminal (no echo).",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Environment);
        command.Options.Add(File);
        command.Options.Add(Ask);
    }

    /// <summary>The passphrase for a new key (asked twice on a terminal), or null when none was requested.</summary>
    public string? ForNewKey(ParseResult parseResult, CliContext context)
    {
        var source = Source(parseResult);
        if (source is null)
        {
            return null;
        }

        var passphrase = Read(source.Value, parseResult, context, "New passphrase: ");
        if (source.Value == Kind.Ask && context.Prompt.Ask("Repeat passphrase: ") != passphrase)
        {
            throw CliException.Usage("The two passphrases differ; nothing was written.");
        }

        return passphrase;
    }

    /// <summary>A passphrase source for opening an existing key, read only if the key turns out to be protected.</summary>
    public Func<string>? ForExistingKey(ParseResult parseResult, CliContext context)
    {
        var source = Source(parseResult);
        return source is null ? null : () => Read(source.Value, parseResult, context, "Passphrase: ");
    }

    private enum Kind
    {
        Environment,
        File,
        Ask,
    }

    private Kind? Source(ParseResult parseResult)
    {
        var given = new List<Kind>();
        if (parseResult.GetValue(Environment) is not null)
        {
            given.Add(Kind.Environment);
        }

        if (parseResult.GetValue(File) is not null)
        {
            given.Add(Kind.File);
        }

        if (parseResult.GetValue(Ask))
        {
            given.Add(Kind.Ask);
        }

        if (given.Count > 1)
        {
            throw CliException.Usage("Give at most one of --passphrase-env, --passphrase-file and --ask-passphrase.");
        }

        return given.Count == 0 ? null : given[0];
    }

    private string Read(Kind kind, ParseResult parseResult, CliContext context, string prompt)
    {
        var passphrase = kind switch
        {
            Kind.Environment => FromEnvironment(parseResult.GetValue(Environment)!, context),
            Kind.File => FromFile(parseResult.GetValue(File)!),
            _ => FromPrompt(context, prompt),
        };
        if (passphrase.Length == 0)
        {
            throw CliException.Usage("The passphrase is empty; give a non-empty passphrase, or none for an unprotected key.");
        }

        return passphrase;
    }

    private static string FromEnvironment(string variable, CliContext context) =>
        context.Environment(variable)
        ?? throw CliException.Usage($"The environment variable '{variable}' named by --passphrase-env is not set.");

    private static string FromFile(FileInfo file)
    {
        if (!file.Exists)
        {
            throw CliException.Io($"The passphrase file '{file.FullName}' does not exist.");
        }

        using var reader = file.OpenText();
        return reader.ReadLine() ?? string.Empty;
    }

    private static string FromPrompt(CliContext context, string prompt)
    {
        if (!context.Prompt.IsInteractive)
        {
            throw CliException.Usage("--ask-passphrase needs a terminal; use --passphrase-env or --passphrase-file in scripts.");
        }

        return context.Prompt.Ask(prompt);
    }
}
