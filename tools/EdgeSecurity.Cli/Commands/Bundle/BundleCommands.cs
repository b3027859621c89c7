using System.CommandLine;
using System.Globalization;
using EdgeSecurity.Cli.Infrastructure;
using EdgeSecurity.Firmware.Core.Bundles;
using EdgeSecurity.Firmware.Core.Digests;
using EdgeSecurity.Firmware.Core.Trust;
using EdgeSecurity.Signing.Bundles;

namespace EdgeSecurity.Cli.Commands.Bundle;

/// <summary>`edgesec bundle`: signed bundles of application assemblies, configuration and certificates.</summary>
public static class BundleCommands
{
    public static Command Create(CliContext context)
    {
        var bundle = new Command("bundle", "Create, sign, verify and inspect signed bundles.");
        bundle.Subcommands.Add(CreateCommand(context));
        bundle.Subcommands.Add(Sign(context));
        bundle.Subcommands.Add(Verify(context));
        bundle.Subcommands.Add(Inspect(context));
        return bundle;
    }

    private static Command CreateCommand(CliContext context)
    {
        var folder = new Argument<DirectoryInfo>("folder")
        {
            Description = "Folder of component files (.pe assemblies, config, certificates); optional "
                + BundleMetadataFile.FileName + " for kinds, release notes and fixed CVEs.",
        };
        var hardwareClass = HardwareClassOption("The device hardware class the bundle is for (exact, case-sensitive), e.g. esp32-wroom32-4mb.");
        var version = new Option<string>("--version") { Description = "Release version MAJOR.MINOR.PATCH[.BUILD].", Required = true, HelpName = "VERSION" };
        var counter = new Option<long>("--security-counter")
        {
            Description = "Anti-rollback counter: devices refuse bundles below the highest counter they confirmed. Raise it for security fixes.",
            Required = true,
            HelpName = "N",
        };
        var expires = new Option<string>("--expires")
        {
            Description = "When devices stop accepting this bundle as an update: UTC date, UTC time, or +DAYS.",
            Required = true,
            HelpName = "DATE|+DAYS",
        };
        var chunkSize = new Option<int>("--chunk-size")
        {
            Description = $"Chunk size for download and digests: a power of two, {EsHmacSha256V1.MinChunkSize}..{EsHmacSha256V1.MaxChunkSize}.",
            DefaultValueFactory = _ => EsHmacSha256V1.DefaultChunkSize,
            HelpName = "BYTES",
        };
        var key = new SigningKeyOptions("Release key(s) that sign the new bundle (at least one; more can sign later with 'bundle sign').", allowMany: true);
        var output = CommonOptions.Out("Where to write the bundle (.esb).");
        var force = CommonOptions.Force();
        var json = CommonOptions.Json();
        var command = new Command("create", "Build a bundle from a folder of files and sign it.");
        command.Arguments.Add(folder);
        command.Options.Add(hardwareClass);
        command.Options.Add(version);
        command.Options.Add(counter);
        command.Options.Add(expires);
        command.Options.Add(chunkSize);
        key.AddTo(command);
        command.Options.Add(output);
        command.Options.Add(force);
        command.Options.Add(json);
        command.SetAction(parseResult =>
        {
            var source = parseResult.GetValue(folder)!;
            if (!source.Exists)
            {
                throw CliException.Io($"The bundle folder '{source.FullName}' does not exist.");
            }

            var size = parseResult.GetValue(chunkSize);
            if (!EsHmacSha256V1.IsValidChunkSize(size))
            {
                throw CliException.Usage($"--chunk-size {size} is not a power of two in {EsHmacSha256V1.MinChunkSize}..{EsHmacSha256V1.MaxChunkSize}.");
            }

            var securityCounter = parseResult.GetValue(counter);
            if (securityCounter is < 0 or > Manifest.MaxSecurityCounter)
            {
                throw CliException.Usage($"--security-counter must be 0..{Manifest.MaxSecurityCounter}.");
            }

            var metadataPath = Path.Combine(source.FullName, BundleMetadataFile.FileName);
            var metadata = File.Exists(metadataPath) ? BundleMetadataFile.Load(metadataPath) : new BundleMetadataFile();
            var now = context.UtcNow();
            var spec = new BundleSpec(
                parseResult.GetValue(hardwareClass)!,
                ParseVersion(parseResult.GetValue(version)!),
                securityCounter,
                ExpiryParser.ToUnixSeconds(now),
                ExpiryParser.ToUnixSeconds(ExpiryParser.Parse(parseResult.GetValue(expires)!, now)))
            {
                ChunkSize = size,
                ReleaseNotes = metadata.ReleaseNotes ?? string.Empty,
                FixedCves = metadata.FixedCves,
            };
            var components = BundleSource.FromFolder(source.FullName, metadata);
            var signers = key.Open(parseResult, context);
            try
            {
                var created = BundleFile.Create(spec, components, signers);
                var path = OutputFiles.Write(parseResult.GetValue(output)!, created.Bytes, parseResult.GetValue(force));
                WriteSummary(context, parseResult.GetValue(json), "created", path, created);
            }
            finally
            {
                signers.ForEach(s => s.Dispose());
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Sign(CliContext context)
    {
        var file = BundleArgument();
        var key = new SigningKeyOptions("Private release key file of this signer.", allowMany: false);
        var output = CommonOptions.Out("Write the signed bundle here instead of replacing BUNDLE.", required: false);
        var root = new Option<FileInfo>("--root") { Description = "The trust root: warns when the key is not one of its release keys (a root key's signature does not count for bundles).", HelpName = "ROOT" };
        var json = CommonOptions.Json();
        var command = new Command("sign", "Add one signature to a bundle. The manifest and payload bytes do not change, so holders of different keys can sign in turn.");
        command.Arguments.Add(file);
        key.AddTo(command);
        command.Options.Add(output);
        command.Options.Add(root);
        command.Options.Add(json);
        command.SetAction(parseResult =>
        {
            var input = parseResult.GetValue(file)!;
            var bundle = InputFiles.Bundle(input);
            using var signer = key.Open(parseResult, context).Single();
            var trustRoot = parseResult.GetValue(root) is { } rootFile ? InputFiles.TrustRoot(rootFile).Root : null;
            var signed = bundle.AddSignature(signer);
            var path = OutputFiles.Write(parseResult.GetValue(output) ?? input, signed.Bytes, overwrite: true);
            WriteSummary(context, parseResult.GetValue(json), $"signed by {signer.PublicKey.KeyId}", path, signed);
            var release = trustRoot?.FindRole(TrustRoleNames.Release)?.Contains(signer.PublicKey.KeyIdBytes);
            if (release == false)
            {
                var isRoot = trustRoot!.FindRole(TrustRoleNames.Root)?.Contains(signer.PublicKey.KeyIdBytes) == true;
                context.Error.WriteLine(
                    $"Warning: key {signer.PublicKey.KeyId} is {(isRoot ? "a root key, not a release key," : "not a release key")} of trust root v{trustRoot.Version}; devices do not count its signature. Sign bundles with release keys.");
            }
            else if (release is null)
            {
                context.Error.WriteLine("Note: pass --root ROOT to check that this key is a release key (only release-key signatures count for bundles).");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Verify(CliContext context)
    {
        var file = BundleArgument();
        var root = new Option<FileInfo>("--root") { Description = "The signed trust root the device holds.", Required = true, HelpName = "ROOT" };
        var hardwareClass = HardwareClassOption("The hardware class of the device to check for (exact, case-sensitive).");
        var minCounter = new Option<long>("--min-counter") { Description = "The device's anti-rollback minimum (default 0).", HelpName = "N" };
        var json = CommonOptions.Json();
        var command = new Command(
            "verify",
            "Check a bundle exactly as a device does before accepting it: signatures and threshold against the trust root, expiry, hardware class, "
            + "security counter and every chunk of every component. Exit 0 when accepted, 1 with the reason when not.");
        command.Arguments.Add(file);
        command.Options.Add(root);
        command.Options.Add(hardwareClass);
        command.Options.Add(minCounter);
        command.Options.Add(json);
        command.SetAction(parseResult =>
        {
            var bundleFile = parseResult.GetValue(file)!;
            var bytes = InputFiles.Bytes(bundleFile, "bundle file");
            var trustRoot = InputFiles.TrustRoot(parseResult.GetValue(root)!);
            var now = ExpiryParser.ToUnixSeconds(context.UtcNow());
            var rootCheck = trustRoot.Signed is null
                ? throw CliException.Failed($"Trust root v{trustRoot.Root.Version} is not signed; a device would not hold it.")
                // Provisioning accepted this root; its expiry is the bundle check's to report (TrustRootExpired).
                : trustRoot.VerifyInitial(TrustRootVerifier.ClockNotTrusted);
            if (!rootCheck.IsValid)
            {
                throw CliException.Failed($"The trust root is not valid, so nothing can be verified against it: {rootCheck.Message}");
            }

            var result = BundleFile.Verify(bytes, trustRoot.Root, parseResult.GetValue(hardwareClass)!, parseResult.GetValue(minCounter), now, bundleFile.FullName);
            if (parseResult.GetValue(json))
            {
                JsonOutput.Write(context.Output, new
                {
                    valid = result.IsValid,
                    failure = result.Failure.ToString(),
                    failureCode = (int)result.Failure,
                    message = result.Message,
                    validSignatures = result.ValidSignatures,
                    requiredSignatures = result.RequiredSignatures,
                    component = result.ComponentName,
                    chunk = result.ComponentName is null ? (int?)null : result.ChunkIndex,
                    trustRootVersion = trustRoot.Root.Version,
                });
            }
            else if (result.IsValid)
            {
                context.Output.WriteLine($"VALID: {result.Message}");
            }
            else
            {
                context.Error.WriteLine($"INVALID ({result.Failure}): {result.Message}");
            }

            return result.IsValid ? ExitCodes.Ok : ExitCodes.Failed;
        });
        return command;
    }

    private static Command Inspect(CliContext context)
    {
        var file = BundleArgument();
        var root = new Option<FileInfo>("--root") { Description = "Also check each signature against this trust root.", HelpName = "ROOT" };
        var json = CommonOptions.Json();
        var command = new Command("inspect", "Show a bundle's manifest, components and signatures.");
        command.Arguments.Add(file);
        command.Options.Add(root);
        command.Options.Add(json);
        command.SetAction(parseResult =>
        {
            var bundle = InputFiles.Bundle(parseResult.GetValue(file)!);
            var rootFile = parseResult.GetValue(root);
            var report = BundleReport.Of(bundle, rootFile is null ? null : InputFiles.TrustRoot(rootFile).Root);
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

    private static Argument<FileInfo> BundleArgument() => CommonOptions.InputFile("bundle", "A bundle file (.esb).");

    private static Option<string> HardwareClassOption(string description) => new("--hardware-class")
    {
        Description = description,
        Required = true,
        HelpName = "CLASS",
    };

    private static void WriteSummary(CliContext context, bool json, string what, string path, BundleFile bundle)
    {
        var manifest = bundle.Manifest;
        if (json)
        {
            JsonOutput.Write(context.Output, new
            {
                file = path,
                bundleId = Convert.ToHexStringLower(manifest.BundleId),
                hardwareClass = manifest.HardwareClass,
                version = manifest.Version.ToString(),
                securityCounter = manifest.SecurityCounter,
                components = manifest.ComponentCount,
                signatures = bundle.Signatures.Count,
            });
            return;
        }

        context.Output.WriteLine(
            $"Bundle {Convert.ToHexStringLower(manifest.BundleId)} {what}: {manifest.HardwareClass} {manifest.Version}, counter {manifest.SecurityCounter}, "
            + $"{manifest.ComponentCount} component(s), {bundle.Signatures.Count} signature(s). Written to {path}.");
    }

    private static BundleVersion ParseVersion(string text)
    {
        var parts = text.Split('.');
        var numbers = parts.Select(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1).ToArray();
        if (parts.Length is < 3 or > 4 || numbers.Any(n => n < 0) || numbers.Take(3).Any(n => n > BundleVersion.MaxPart))
        {
            throw CliException.Usage($"--version '{text}' is not MAJOR.MINOR.PATCH[.BUILD] (numbers 0..{BundleVersion.MaxPart}).");
        }

        return new BundleVersion(numbers[0], numbers[1], numbers[2], parts.Length == 4 ? numbers[3] : 0);
    }
}
