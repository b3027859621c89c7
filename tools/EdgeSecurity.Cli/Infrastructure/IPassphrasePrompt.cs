namespace EdgeSecurity.Cli.Infrastructure;

/// <summary>Asks a person for a passphrase without echoing it.</summary>
public interface IPassphrasePrompt
{
    /// <summary>False when there is no terminal to ask on (input redirected, CI).</summary>
    bool IsInteractive { get; }

    string Ask(string prompt);
}
