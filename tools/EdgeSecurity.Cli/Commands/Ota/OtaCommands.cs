using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using EdgeSecurity.Cli.Infrastructure;

namespace EdgeSecurity.Cli.Commands.Ota;

/// <summary>`edgesec ota`: the fleet operator's OTA commands, all through the host API (docs/guide/ota.md).</summary>
public static class OtaCommands
{
    public static Command Create(CliContext context)
    {
        var ota = new Command("ota", "Upload signed bundles and trust roots to the host and roll them out in campaigns (needs an operator token).");
        ota.Subcommands.Add(Upload(context));
        ota.Subcommands.Add(Bundles(context));
        ota.Subcommands.Add(RootCommands(context));
        ota.Subcommands.Add(MinimumCounterCommands(context));
        ota.Subcommands.Add(CampaignCommands.Create(context));
        ota.Subcommands.Add(Audit(context));
        return ota;
    }

    /// <summary>Runs <paramref name="action"/> with an API client from the command's options.</summary>
    internal static Command WithApi(Command command, CliContext context, Func<ParseResult, HostApiClient, int> action)
    {
        var api = new HostApiOptions();
        api.AddTo(command);
        command.SetAction(parseResult =>
        {
            using var client = api.Connect(parseResult, context);
            return action(parseResult, client);
        });
        return command;
    }

    internal static string Time(long unixMs) =>
        DateTimeOffset.FromUnixTimeMilliseconds(unixMs).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    internal static string Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString()!,
            JsonValueKind.Null => "-",
            _ => value.GetRawText(),
        }
        : "-";

    private static Command Upload(CliContext context)
    {
        var file = CommonOptions.InputFile("bundle", "The signed bundle (.esb) to upload.");
        var hardwareClass = new Option<string?>("--hardware-class") { Description = "The hardware class you mean the bundle for (default: any class enrolled devices have).", HelpName = "CLASS" };
        var json = CommonOptions.Json();
        var command = new Command("upload", "Upload a bundle: the host checks it as a device would (signatures, threshold, class, expiry, every chunk, the class's minimum counter) and stores it under its SHA-256.")
        {
            file, hardwareClass, json,
        };
        return WithApi(command, context, (parseResult, api) =>
        {
            var bytes = File.ReadAllBytes(CommonOptions.Existing(parseResult.GetValue(file)!, "bundle").FullName);
            var query = parseResult.GetValue(hardwareClass) is { } c ? "?hardwareClass=" + Uri.EscapeDataString(c) : string.Empty;
            var bundle = api.PostBytes("/api/v1/ota/bundles" + query, bytes, out var created);
            if (parseResult.GetValue(json))
            {
                JsonOutput.Write(context.Output, new { created, bundle });
                return ExitCodes.Ok;
            }

            context.Output.WriteLine($"{(created ? "ACCEPTED" : "ALREADY STORED")}: bundle {Text(bundle, "id")}");
            context.Output.WriteLine($"  {Text(bundle, "hardwareClass")} version {Text(bundle, "version")}, security counter {Text(bundle, "securityCounter")}, {Text(bundle, "sizeBytes")} bytes");
            context.Output.WriteLine($"Next: edgesec ota campaign create --bundle {Text(bundle, "id")} --waves 1,10%,100%");
            return ExitCodes.Ok;
        });
    }

    private static Command Bundles(CliContext context)
    {
        var json = CommonOptions.Json();
        var command = new Command("bundles", "List the bundles stored on the host.") { json };
        return WithApi(command, context, (parseResult, api) =>
        {
            var bundles = api.Get("/api/v1/ota/bundles");
            if (parseResult.GetValue(json))
            {
                JsonOutput.Write(context.Output, bundles);
                return ExitCodes.Ok;
            }

            foreach (var b in bundles.EnumerateArray())
            {
                context.Output.WriteLine($"{Text(b, "id")}  {Text(b, "hardwareClass"),-16} {Text(b, "version"),-12} counter {Text(b, "securityCounter"),-6} by {Text(b, "uploadedBy")} at {Time(b.GetProperty("uploadedAtMs").GetInt64())}");
            }

            context.Output.WriteLine($"{bundles.GetArrayLength()} bundle(s).");
            return ExitCodes.Ok;
        });
    }

    private static Command RootCommands(CliContext context)
    {
        var root = new Command("root", "Trust roots the host validates against and can deliver.");
        var file = CommonOptions.InputFile("root-file", "The signed new trust root (a rotation of the host's current one).");
        var json = CommonOptions.Json();
        var upload = new Command("upload", "Upload a new trust root; the host accepts it only as a rotation of its current root (core TrustRootVerifier), then validates uploads against it.") { file, json };
        root.Subcommands.Add(WithApi(upload, context, (parseResult, api) =>
        {
            var bytes = File.ReadAllBytes(CommonOptions.Existing(parseResult.GetValue(file)!, "trust root").FullName);
            var accepted = api.PostBytes("/api/v1/ota/roots", bytes, out var created);
            if (parseResult.GetValue(json))
            {
                JsonOutput.Write(context.Output, new { created, root = accepted });
                return ExitCodes.Ok;
            }

            context.Output.WriteLine($"{(created ? "ACCEPTED" : "ALREADY STORED")}: trust root v{Text(accepted, "version")}");
            context.Output.WriteLine($"Next: edgesec ota campaign create --root {Text(accepted, "version")} --waves 1,10%,100%");
            return ExitCodes.Ok;
        }));
        var listJson = CommonOptions.Json();
        var list = new Command("list", "List the trust roots uploaded to the host.") { listJson };
        root.Subcommands.Add(WithApi(list, context, (parseResult, api) =>
        {
            var roots = api.Get("/api/v1/ota/roots");
            if (parseResult.GetValue(listJson))
            {
                JsonOutput.Write(context.Output, roots);
                return ExitCodes.Ok;
            }

            foreach (var r in roots.EnumerateArray())
            {
                context.Output.WriteLine($"v{Text(r, "version"),-6} by {Text(r, "uploadedBy")} at {Time(r.GetProperty("uploadedAtMs").GetInt64())}");
            }

            context.Output.WriteLine($"{roots.GetArrayLength()} uploaded trust root(s).");
            return ExitCodes.Ok;
        }));
        return root;
    }

    private static Command MinimumCounterCommands(CliContext context)
    {
        var group = new Command("min-counter", "The fleet's minimum security counter per hardware class: uploads below it are refused.");
        var hardwareClass = new Argument<string>("hardware-class") { Description = "The hardware class, e.g. esp32." };
        var minimum = new Argument<long>("minimum") { Description = "Lowest security counter the host accepts for the class." };
        var set = new Command("set", "Set the minimum for a class.") { hardwareClass, minimum };
        group.Subcommands.Add(WithApi(set, context, (parseResult, api) =>
        {
            var result = api.Put("/api/v1/ota/minimum-counters/" + Uri.EscapeDataString(parseResult.GetValue(hardwareClass)!), new { minimum = parseResult.GetValue(minimum) });
            context.Output.WriteLine($"Minimum security counter for {Text(result, "hardwareClass")}: {Text(result, "minimum")}.");
            return ExitCodes.Ok;
        }));
        var json = CommonOptions.Json();
        var list = new Command("list", "Show the minimum of every class that has one (others: 0).") { json };
        group.Subcommands.Add(WithApi(list, context, (parseResult, api) =>
        {
            var minimums = api.Get("/api/v1/ota/minimum-counters");
            if (parseResult.GetValue(json))
            {
                JsonOutput.Write(context.Output, minimums);
                return ExitCodes.Ok;
            }

            foreach (var entry in minimums.EnumerateObject())
            {
                context.Output.WriteLine($"{entry.Name,-24} {entry.Value.GetRawText()}");
            }

            return ExitCodes.Ok;
        }));
        return group;
    }

    private static Command Audit(CliContext context)
    {
        var limit = new Option<int>("--limit") { Description = "Most recent entries to show (1..1000).", DefaultValueFactory = _ => 50, HelpName = "N" };
        var json = CommonOptions.Json();
        var command = new Command("audit", "Show the operator actions recorded by the host (who, what, when), newest first.") { limit, json };
        return WithApi(command, context, (parseResult, api) =>
        {
            var page = api.Get("/api/v1/ota/audit?limit=" + parseResult.GetValue(limit).ToString(CultureInfo.InvariantCulture));
            if (parseResult.GetValue(json))
            {
                JsonOutput.Write(context.Output, page.GetProperty("items"));
                return ExitCodes.Ok;
            }

            foreach (var e in page.GetProperty("items").EnumerateArray())
            {
                context.Output.WriteLine($"{Time(e.GetProperty("atMs").GetInt64())}  {Text(e, "actor"),-20} {Text(e, "action"),-20} {Text(e, "subject")}: {Text(e, "detail")}");
            }

            return ExitCodes.Ok;
        });
    }
}
