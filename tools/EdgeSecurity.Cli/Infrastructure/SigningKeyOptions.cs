using System.CommandLine;
using EdgeSecurity.Signing.Keys;

namespace EdgeSecurity.Cli.Infrastructure;

/// <summary>--key PRIVATE-KEY-FILE (one or several) and the passphrase options to open them.</summary>
internal sealed class SigningKeyOptions
{
    private readonly PassphraseOptions _passphrase = new();

    public SigningKeyOptions(string description, bool allowMany)
    {
        Key = new Option<FileInfo[]>("--key", "-k")
        {
            Description = description,
            Required = true,
            HelpName = "PRIVATE-KEY",
            Arity = ArgumentArity.OneOrMore,
        };
        if (!allowMany)
        {
            Key.Validators.Add(result =>
            {
                if (result.Tokens.Count > 1)
                {
                    result.AddError("Give one --key: each key holder signs in turn.");
                }
            });
        }
    }

    public Option<FileInfo[]> Key { get; }

    public void AddTo(Command command)
    {
        command.Options.Add(Key);
        _passphrase.AddTo(command);
    }

    /// <summary>Opens every --key; the passphrase is read only if a key is protected (and once per protected key).</summary>
    public List<Ed25519PrivateKey> Open(ParseResult parseResult, CliContext context)
    {
        var passphrase = _passphrase.ForExistingKey(parseResult, context);
        var keys = new List<Ed25519PrivateKey>();
        try
        {
            foreach (var file in parseResult.GetValue(Key)!)
            {
                keys.Add(KeyFiles.ReadPrivateKey(CommonOptions.Existing(file, "private key file").FullName, passphrase));
            }

            return keys;
        }
        catch
        {
            keys.ForEach(k => k.Dispose());
            throw;
        }
    }
}
