using System.CommandLine;
using System.Text.Json;
using EdgeSecurity.Cli.Infrastructure;

namespace EdgeSecurity.Cli.Commands.Programme;

/// <summary>`edgesec advisories add | list`: the security advisories programme metrics count vulnerable devices by.</summary>
public static class AdvisoriesCommands
{
    public static Command Create(CliContext context)
    {
        var advisories = new Command("advisories", "Record and list security advisories (which bundle versions of a hardware class are affected, and the fix).");
        advisories.Subcommands.Add(Add(context));
        advisories.Subcommands.Add(List(context));
        return advisories;
    }

    private static Command Add(CliContext context)
    {
        var id = new Option<string>("--id") { Description = "The advisory's id, e.g. ESA-2026-001.", Required = true };
        var title = new Option<string>("--title") { Description = "What is wrong, in one line.", Required = true };
        var severity = new Option<string>("--severity") { Description = "low, medium, high or critical.", Required = true };
        severity.AcceptOnlyFromAmong("low", "medium", "high", "critical");
        var hardwareClass = new Option<string>("--hardware-class") { Description = "The hardware class whose bundles are affected.", Required = true };
        var affected = new Option<string[]>("--affected")
        {
            Description = "An affected bundle version (repeat for several), e.g. --affected 1.2.0.",
            Required = true,
            AllowMultipleArgumentsPerToken = true,
        };
        var fixedIn = new Option<string>("--fixed-in") { Description = "The first version with the fix.", Required = true };
        var json = CommonOptions.Json();
        var api = new HostApiOptions();
        var command = new Command("add", "Record an advisory (operator token). It cannot be changed afterwards; the change is in the audit log.")
        {
            id, title, severity, hardwareClass, affected, fixedIn, json,
        };
        api.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var client = api.Connect(parseResult, context);
            var created = await client.PostForJsonAsync(
                "/api/v1/advisories",
                new
                {
                    id = parseResult.GetValue(id),
                    title = parseResult.GetValue(title),
                    severity = parseResult.GetValue(severity),
                    hardwareClass = parseResult.GetValue(hardwareClass),
                    affectedVersions = parseResult.GetValue(affected),
                    fixedIn = parseResult.GetValue(fixedIn),
                },
                cancellationToken);
            context.Output.WriteLine(parseResult.GetValue(json) ? Indented(created) : "Recorded " + Describe(created));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command List(CliContext context)
    {
        var json = CommonOptions.Json();
        var api = new HostApiOptions();
        var command = new Command("list", "List the recorded advisories.") { json };
        api.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var client = api.Connect(parseResult, context);
            var items = await client.GetAsync("/api/v1/advisories", cancellationToken);
            if (parseResult.GetValue(json))
            {
                context.Output.WriteLine(Indented(items));
                return ExitCodes.Ok;
            }

            foreach (var advisory in items.EnumerateArray())
            {
                context.Output.WriteLine(Describe(advisory));
            }

            context.Output.WriteLine($"{items.GetArrayLength()} advisory(ies).");
            return ExitCodes.Ok;
        });
        return command;
    }

    internal static string Describe(JsonElement a) =>
        $"{a.GetProperty("id").GetString()} {a.GetProperty("severity").GetString()!.ToUpperInvariant()} {a.GetProperty("hardwareClass").GetString()}: {a.GetProperty("title").GetString()} " +
        $"(affected {string.Join(", ", a.GetProperty("affectedVersions").EnumerateArray().Select(v => v.GetString()))}; fixed in {a.GetProperty("fixedIn").GetString()})";

    private static string Indented(JsonElement value) => JsonSerializer.Serialize(value, new JsonSerializerOptions { WriteIndented = true });
}
