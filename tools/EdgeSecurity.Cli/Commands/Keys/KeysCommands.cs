using System.CommandLine;
using EdgeSecurity.Cli.Infrastructure;
using EdgeSecurity.Signing.Keys;

namespace EdgeSecurity.Cli.Commands.Keys;

/// <summary>`edgesec keys`: Ed25519 signing keys for trust roots and bundles.</summary>
public static class KeysCommands
{
    public static Command Create(CliContext context)
    {
        var keys = new Command("keys", "Generate and show Ed25519 signing keys.");
        keys.Subcommands.Add(Generate(context));
        keys.Subcommands.Add(Show(context));
        return keys;
    }

    private static Command Generate(CliContext context)
    {
        var output = new Option<string>("--out", "-o")
        {
            Description = "Base name of the key files: writes BASENAME.key (private, mode 0600) and BASENAME.pub (public).",
            Required = true,
            HelpName = "BASENAME",
        };
        var passphrase = new PassphraseOptions();
        var force = CommonOptions.Force();
        var json = CommonOptions.Json();
        var command = new Command("generate", "Generate an Ed25519 key pair from the system's secure random number generator.");
        command.Options.Add(output);
        passphrase.AddTo(command);
        command.Options.Add(force);
        command.Options.Add(json);
        command.SetAction(parseResult =>
        {
            var basename = parseResult.GetValue(output)!;
            var secret = passphrase.ForNewKey(parseResult, context);
            using var key = Ed25519PrivateKey.Generate();
            var (privatePath, publicPath) = KeyFiles.WriteKeyPair(basename, key, secret, parseResult.GetValue(force));
            if (parseResult.GetValue(json))
            {
                JsonOutput.Write(context.Output, new
                {
                    keyId = key.PublicKey.KeyId,
                    privateKeyFile = privatePath,
                    publicKeyFile = publicPath,
                    passphraseProtected = secret is not null,
                });
            }
            else
            {
                context.Output.WriteLine($"Key id:      {key.PublicKey.KeyId}");
                context.Output.WriteLine($"Private key: {privatePath} (owner-only{(secret is null ? ", NOT passphrase-protected" : ", passphrase-protected")})");
                context.Output.WriteLine($"Public key:  {publicPath}");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Show(CliContext context)
    {
        var file = CommonOptions.InputFile("key-file", "A public (.pub) or private (.key) key file; a private key is not decrypted.");
        var json = CommonOptions.Json();
        var command = new Command("show", "Print a key's id and public key.");
        command.Arguments.Add(file);
        command.Options.Add(json);
        command.SetAction(parseResult =>
        {
            var path = CommonOptions.Existing(parseResult.GetValue(file)!, "key file").FullName;
            var key = KeyFiles.ReadPublicKey(path);
            var publicKey = Convert.ToBase64String(key.ToArray());
            if (parseResult.GetValue(json))
            {
                JsonOutput.Write(context.Output, new { keyId = key.KeyId, algorithm = "Ed25519", publicKey });
            }
            else
            {
                context.Output.WriteLine($"Key id:     {key.KeyId}");
                context.Output.WriteLine("Algorithm:  Ed25519");
                context.Output.WriteLine($"Public key: {publicKey}");
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
