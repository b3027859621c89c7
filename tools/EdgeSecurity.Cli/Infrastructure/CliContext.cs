namespace EdgeSecurity.Cli.Infrastructure;

/// <summary>
/// What a command may touch outside its arguments: where it writes, the environment it reads
/// passphrases from, and the terminal it may prompt on. Tests pass their own.
/// </summary>
public sealed class CliContext
{
    public CliContext(TextWriter output, TextWriter error, IPassphrasePrompt? prompt = null, Func<string, string?>? environment = null)
    {
        Output = output;
        Error = error;
        Prompt = prompt ?? new ConsolePassphrasePrompt(error);
        Environment = environment ?? System.Environment.GetEnvironmentVariable;
    }

    public TextWriter Output { get; }

    public TextWriter Error { get; }

    public IPassphrasePrompt Prompt { get; }

    public Func<string, string?> Environment { get; }

    /// <summary>The clock expiry options count from ("+30" days) and verification compares against.</summary>
    public Func<DateTime> UtcNow { get; init; } = () => DateTime.UtcNow;
}
