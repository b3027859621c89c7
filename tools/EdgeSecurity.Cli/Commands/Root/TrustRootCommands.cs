using System.CommandLine;
using EdgeSecurity.Cli.Infrastructure;
using EdgeSecurity.Firmware.Core.Trust;
using EdgeSecurity.Signing.Keys;
using EdgeSecurity.Signing.TrustRoots;

namespace EdgeSecurity.Cli.Commands.Root;

/// <summary>`edgesec root`: the trust root devices verify everything against (docs/formats/trust-root.md).</summary>
public static class TrustRootCommands
{
    public static Command Create(CliContext context)
    {
        var root = new Command("root", "Create, sign, rotate, revoke keys in, verify and inspect the trust root.");
        root.Subcommands.Add(Init(context));
        root.Subcommands.Add(Sign(context));
        root.Subcommands.Add(Rotate(context));
        root.Subcommands.Add(RevokeKey(context));
        root.Subcommands.Add(Verify(context));
        root.Subcommands.Add(Inspect(context));
        return root;
    }

    private static Command Init(CliContext context)
    {
        var roles = new RoleOptions(required: true);
        var expires = ExpiresOption(required: true);
        var output = CommonOptions.Out("Where to write the unsigned trust root (then sign it with 'edgesec root sign').");
        var force = CommonOptions.Force();
        var command = new Command("init", "Create trust root v1 (unsigned) from root and release public keys with their thresholds.");
        roles.AddTo(command);
        command.Options.Add(expires);
        command.Options.Add(output);
        command.Options.Add(force);
        command.SetAction(parseResult =>
        {
            var root = TrustRootBuilder.Create(
                1,
                Expiry(parseResult, expires, context)!.Value,
                InputFiles.PublicKeys(parseResult.GetValue(roles.RootKeys)),
                parseResult.GetValue(roles.RootThreshold)!.Value,
                InputFiles.PublicKeys(parseResult.GetValue(roles.ReleaseKeys)),
                parseResult.GetValue(roles.ReleaseThreshold)!.Value);
            var path = OutputFiles.Write(parseResult.GetValue(output)!, TrustRootFile.Unsigned(root).ToBytes(), parseResult.GetValue(force));
            context.Output.WriteLine($"Wrote unsigned trust root v{root.Version} to {path}.");
            context.Output.WriteLine(
                $"Next: each root key holder runs 'edgesec root sign {path} --key <root-key>.key --passphrase-env VAR' (or --passphrase-file PATH, --ask-passphrase; threshold {parseResult.GetValue(roles.RootThreshold)}).");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Sign(CliContext context)
    {
        var file = CommonOptions.InputFile("root-file", "The trust root to sign (unsigned or already signed).");
        var key = new SigningKeyOptions("Private key file of the signer (a root key of this root, or of the previous root for a rotation).", allowMany: false);
        var output = CommonOptions.Out("Write the signed root here instead of replacing ROOT-FILE.", required: false);
        var json = CommonOptions.Json();
        var command = new Command("sign", "Add one signature to a trust root; the trust root's own bytes do not change.");
        command.Arguments.Add(file);
        key.AddTo(command);
        command.Options.Add(output);
        command.Options.Add(json);
        command.SetAction(parseResult =>
        {
            var input = parseResult.GetValue(file)!;
            var root = InputFiles.TrustRoot(input);
            using var signer = key.Open(parseResult, context).Single();
            var signed = root.AddSignature(signer);
            var path = OutputFiles.Write(parseResult.GetValue(output) ?? input, signed.ToBytes(), overwrite: true);
            var isRootKey = root.Root.FindRole(TrustRoleNames.Root)?.Contains(signer.PublicKey.KeyIdBytes) == true;
            if (parseResult.GetValue(json))
            {
                JsonOutput.Write(context.Output, new { file = path, version = root.Root.Version, keyId = signer.PublicKey.KeyId, signatures = signed.Signatures.Count, isRootKeyOfThisRoot = isRootKey });
                return ExitCodes.Ok;
            }

            context.Output.WriteLine($"Signed trust root v{root.Root.Version} with key {signer.PublicKey.KeyId}: {signed.Signatures.Count} signature(s), written to {path}.");
            if (!isRootKey)
            {
                context.Output.WriteLine($"Note: key {signer.PublicKey.KeyId} is not a root key of v{root.Root.Version}; its signature counts only for a rotation from a root where it is one.");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Rotate(CliContext context)
    {
        var current = new Option<FileInfo>("--current") { Description = "The trust root devices trust now.", Required = true, HelpName = "ROOT" };
        var roles = new RoleOptions(required: false);
        var expires = ExpiresOption(required: false);
        var output = CommonOptions.Out("Where to write the new, unsigned version.");
        var force = CommonOptions.Force();
        var command = new Command(
            "rotate",
            "Create the next trust root version with new keys or thresholds (what is not given stays). Then sign it with root keys of the current AND of the new root.");
        command.Options.Add(current);
        roles.AddTo(command);
        command.Options.Add(expires);
        command.Options.Add(output);
        command.Options.Add(force);
        command.SetAction(parseResult =>
        {
            var currentRoot = InputFiles.TrustRoot(parseResult.GetValue(current)!).Root;
            var rootKeys = InputFiles.PublicKeys(parseResult.GetValue(roles.RootKeys));
            var releaseKeys = InputFiles.PublicKeys(parseResult.GetValue(roles.ReleaseKeys));
            var next = TrustRootBuilder.Rotate(currentRoot, new TrustRootChanges
            {
                RootKeys = rootKeys.Count > 0 ? rootKeys : null,
                RootThreshold = parseResult.GetValue(roles.RootThreshold),
                ReleaseKeys = releaseKeys.Count > 0 ? releaseKeys : null,
                ReleaseThreshold = parseResult.GetValue(roles.ReleaseThreshold),
                ExpiresUnixSeconds = Expiry(parseResult, expires, context),
            });
            var path = OutputFiles.Write(parseResult.GetValue(output)!, TrustRootFile.Unsigned(next).ToBytes(), parseResult.GetValue(force));
            context.Output.WriteLine($"Wrote unsigned trust root v{next.Version} (replacing v{currentRoot.Version}) to {path}.");
            context.Output.WriteLine("Next: sign it with enough root keys of the current root AND of the new root ('edgesec root sign'), then check with 'edgesec root verify --previous'.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command RevokeKey(CliContext context)
    {
        var file = CommonOptions.InputFile("root-file", "The trust root devices trust now.");
        var keyId = new Option<string>("--key-id") { Description = "Id of the key to revoke (as 'edgesec keys show' prints it).", HelpName = "ID" };
        var publicKey = new Option<FileInfo>("--public-key") { Description = "Or: the public key file of the key to revoke.", HelpName = "PUBLIC-KEY" };
        var expires = ExpiresOption(required: false);
        var output = CommonOptions.Out("Where to write the new, unsigned version.");
        var force = CommonOptions.Force();
        var command = new Command("revoke-key", "Create the next trust root version with a key revoked: removed from every role, and no signature by it counts any more.");
        command.Arguments.Add(file);
        command.Options.Add(keyId);
        command.Options.Add(publicKey);
        command.Options.Add(expires);
        command.Options.Add(output);
        command.Options.Add(force);
        command.SetAction(parseResult =>
        {
            var bytes = RevokedKeyId(parseResult.GetValue(keyId), parseResult.GetValue(publicKey));
            var id = Ed25519KeyIds.ToHex(bytes);
            var current = InputFiles.TrustRoot(parseResult.GetValue(file)!).Root;
            var next = TrustRootBuilder.RevokeKey(current, bytes, Expiry(parseResult, expires, context));
            var path = OutputFiles.Write(parseResult.GetValue(output)!, TrustRootFile.Unsigned(next).ToBytes(), parseResult.GetValue(force));
            context.Output.WriteLine($"Wrote unsigned trust root v{next.Version} with key {id} revoked to {path}.");
            context.Output.WriteLine("Next: sign it with enough root keys ('edgesec root sign'), then distribute it to devices.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Verify(CliContext context)
    {
        var file = CommonOptions.InputFile("root-file", "The signed trust root to check.");
        var previous = new Option<FileInfo>("--previous")
        {
            Description = "Check it as a rotation from this trusted root (what a device does when offered a new root).",
            HelpName = "ROOT",
        };
        var json = CommonOptions.Json();
        var command = new Command("verify", "Check a trust root exactly as a device does: on its own (first install) or as a rotation from --previous. Exit 1 when it is not accepted.");
        command.Arguments.Add(file);
        command.Options.Add(previous);
        command.Options.Add(json);
        command.SetAction(parseResult =>
        {
            var candidate = InputFiles.TrustRoot(parseResult.GetValue(file)!);
            var now = new DateTimeOffset(context.UtcNow()).ToUnixTimeSeconds();
            var previousFile = parseResult.GetValue(previous);
            TrustRootVerification result;
            if (candidate.Signed is null)
            {
                throw CliException.Failed($"Trust root v{candidate.Root.Version} is not signed; sign it with 'edgesec root sign'.");
            }

            if (previousFile is null)
            {
                result = candidate.VerifyInitial(now);
            }
            else
            {
                // As on a device: the root it holds is trusted as it is, even when expired (decision 16).
                result = candidate.VerifyRotationFrom(InputFiles.TrustRoot(previousFile).Root, now);
            }

            if (parseResult.GetValue(json))
            {
                JsonOutput.Write(context.Output, new
                {
                    valid = result.IsValid,
                    failure = result.Failure.ToString(),
                    message = result.Message,
                    version = candidate.Root.Version,
                    validSignatures = result.Tally?.Valid,
                    threshold = result.Tally?.Threshold,
                });
            }
            else
            {
                (result.IsValid ? context.Output : context.Error).WriteLine((result.IsValid ? "VALID: " : $"INVALID ({result.Failure}): ") + result.Message);
            }

            return result.IsValid ? ExitCodes.Ok : ExitCodes.Failed;
        });
        return command;
    }

    private static Command Inspect(CliContext context)
    {
        var file = CommonOptions.InputFile("root-file", "A trust root, signed or not.");
        var json = CommonOptions.Json();
        var command = new Command("inspect", "Show a trust root's version, expiry, roles, keys, revoked keys and signers.");
        command.Arguments.Add(file);
        command.Options.Add(json);
        command.SetAction(parseResult =>
        {
            var report = TrustRootReport.Of(InputFiles.TrustRoot(parseResult.GetValue(file)!));
            if (parseResult.GetValue(json))
            {
                JsonOutput.Write(context.Output, report);
            }
            else
            {
                report.WriteText(context.Output);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static byte[] RevokedKeyId(string? keyId, FileInfo? publicKey) => (keyId, publicKey) switch
    {
        (not null, null) => Ed25519KeyIds.TryParseHex(keyId)
            ?? throw CliException.Usage($"--key-id '{keyId}' is not a key id (32 hex digits, as 'edgesec keys show' prints)."),
        (null, not null) => InputFiles.PublicKeys([publicKey])[0].KeyIdBytes,
        _ => throw CliException.Usage("Name the key to revoke with exactly one of --key-id and --public-key."),
    };

    private static Option<string> ExpiresOption(bool required) => new("--expires")
    {
        Description = "Expiry: a UTC date (2030-01-31), a UTC time (2030-01-31T00:00:00Z) or days from now (+730)." + (required ? string.Empty : " Default: unchanged."),
        Required = required,
        HelpName = "DATE|+DAYS",
    };

    private static long? Expiry(ParseResult parseResult, Option<string> option, CliContext context)
    {
        var text = parseResult.GetValue(option);
        return text is null ? null : ExpiryParser.ToUnixSeconds(ExpiryParser.Parse(text, context.UtcNow()));
    }

    /// <summary>The role options of init and rotate.</summary>
    private sealed class RoleOptions(bool required)
    {
        public Option<FileInfo[]> RootKeys { get; } = KeyList("--root-key", "Public key file(s) of the root role (keys that sign trust roots): --root-key a.pub b.pub.", required);

        public Option<int?> RootThreshold { get; } = Threshold("--root-threshold", "How many root keys must sign a trust root.", required);

        public Option<FileInfo[]> ReleaseKeys { get; } = KeyList("--release-key", "Public key file(s) of the release role (keys that sign bundles): --release-key a.pub b.pub c.pub.", required);

        public Option<int?> ReleaseThreshold { get; } = Threshold("--release-threshold", "How many release keys must sign a bundle.", required);

        public void AddTo(Command command)
        {
            command.Options.Add(RootKeys);
            command.Options.Add(RootThreshold);
            command.Options.Add(ReleaseKeys);
            command.Options.Add(ReleaseThreshold);
        }

        private static Option<FileInfo[]> KeyList(string name, string description, bool required) => new(name)
        {
            Description = description,
            Required = required,
            HelpName = "PUBLIC-KEY",
            AllowMultipleArgumentsPerToken = true,
            Arity = required ? ArgumentArity.OneOrMore : ArgumentArity.ZeroOrMore,
        };

        private static Option<int?> Threshold(string name, string description, bool required)
        {
            var option = new Option<int?>(name) { Description = description, Required = required, HelpName = "N" };
            option.Validators.Add(result =>
            {
                if (result.GetValueOrDefault<int?>() is < 1)
                {
                    result.AddError($"{name} must be at least 1.");
                }
            });
            return option;
        }
    }
}
