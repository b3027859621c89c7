using System.Text;

namespace EdgeSecurity.Cli.Infrastructure;

/// <summary>Reads a passphrase from the terminal with echo off; the prompt goes to stderr so stdout stays machine-readable.</summary>
internal sealed class ConsolePassphrasePrompt(TextWriter promptWriter) : IPassphrasePrompt
{
    public bool IsInteractive => !Console.IsInputRedirected;

    public string Ask(string prompt)
    {
        promptWriter.Write(prompt);
        promptWriter.Flush();
        var passphrase = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                break;
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                if (passphrase.Length > 0)
                {
                    passphrase.Length--;
                }

                continue;
            }

            if (!char.IsControl(key.KeyChar))
            {
                passphrase.Append(key.KeyChar);
            }
        }

        promptWriter.WriteLine();
        return passphrase.ToString();
    }
}
