using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using EdgeSecurity.Cli.Infrastructure;

namespace EdgeSecurity.Cli.Commands.Ota;

/// <summary>`edgesec ota campaign`: create, list, watch, pause, resume and abort staged roll-outs.</summary>
internal static class CampaignCommands
{
    private static readonly string[] States = ["pending", "offered", "downloading", "verified", "installed", "trial", "confirmed", "failed", "rolledBack"];

    public static Command Create(CliContext context)
    {
        var campaign = new Command("campaign", "Staged roll-outs of a bundle or a trust root.");
        campaign.Subcommands.Add(CreateCommand(context));
        campaign.Subcommands.Add(List(context));
        campaign.Subcommands.Add(Status(context));
        campaign.Subcommands.Add(Step(context, "pause", "Pause: no new offers until resumed (devices already working finish)."));
        campaign.Subcommands.Add(Step(context, "resume", "Resume a paused campaign (the failure threshold counts again from now)."));
        campaign.Subcommands.Add(Step(context, "abort", "Abort for good: nothing more is offered."));
        return campaign;
    }

    private static Command CreateCommand(CliContext context)
    {
        var bundle = new Option<string?>("--bundle") { Description = "Id of an uploaded bundle (from 'edgesec ota upload').", HelpName = "ID" };
        var root = new Option<int?>("--root") { Description = "Version of an uploaded trust root to deliver instead of a bundle.", HelpName = "VERSION" };
        var devices = new Option<string[]>("--device") { Description = "Target this device (repeatable).", HelpName = "ID", AllowMultipleArgumentsPerToken = true };
        var tags = new Option<string[]>("--tag") { Description = "Target devices with this tag (repeatable).", HelpName = "TAG", AllowMultipleArgumentsPerToken = true };
        var hardwareClass = new Option<string?>("--hardware-class") { Description = "Only devices of this class (a bundle's own class is always required).", HelpName = "CLASS" };
        var waves = new Option<string>("--waves") { Description = "Devices reached after each wave: counts or shares, e.g. 1,10%,100%.", DefaultValueFactory = _ => "100%", HelpName = "LIST" };
        var threshold = new Option<int>("--failure-threshold") { Description = "Failed or rolled-back devices that pause the campaign.", DefaultValueFactory = _ => 1, HelpName = "N" };
        var window = new Option<string?>("--window") { Description = "Offer only inside this daily UTC window, e.g. 02:00-05:00.", HelpName = "HH:MM-HH:MM" };
        var json = CommonOptions.Json();
        var command = new Command("create", "Create and start a campaign. Without --device or --tag it targets every active device of the class.")
        {
            bundle, root, devices, tags, hardwareClass, waves, threshold, window, json,
        };
        return OtaCommands.WithApi(command, context, (parseResult, api) =>
        {
            if ((parseResult.GetValue(bundle) is null) == (parseResult.GetValue(root) is null))
            {
                throw CliException.Usage("Give exactly one of --bundle ID and --root VERSION.");
            }

            var body = new
            {
                bundleId = parseResult.GetValue(bundle),
                rootVersion = parseResult.GetValue(root),
                deviceIds = parseResult.GetValue(devices),
                tags = parseResult.GetValue(tags),
                hardwareClass = parseResult.GetValue(hardwareClass),
                waves = parseResult.GetValue(waves)!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
                failureThreshold = parseResult.GetValue(threshold),
                window = parseResult.GetValue(window),
            };
            var created = api.Post("/api/v1/ota/campaigns", body);
            if (parseResult.GetValue(json))
            {
                JsonOutput.Write(context.Output, created);
                return ExitCodes.Ok;
            }

            WriteStatus(context, created);
            context.Output.WriteLine($"Watch it: edgesec ota campaign status {OtaCommands.Text(created, "id")}");
            return ExitCodes.Ok;
        });
    }

    private static Command List(CliContext context)
    {
        var json = CommonOptions.Json();
        var command = new Command("list", "List campaigns, newest first, with their adoption.") { json };
        return OtaCommands.WithApi(command, context, (parseResult, api) =>
        {
            var campaigns = api.Get("/api/v1/ota/campaigns");
            if (parseResult.GetValue(json))
            {
                JsonOutput.Write(context.Output, campaigns);
                return ExitCodes.Ok;
            }

            foreach (var c in campaigns.EnumerateArray())
            {
                var counts = c.GetProperty("counts");
                context.Output.WriteLine(
                    $"{OtaCommands.Text(c, "id"),-5} {OtaCommands.Text(c, "status"),-10} {OtaCommands.Text(c, "kind"),-10} {Short(OtaCommands.Text(c, "subject")),-14} " +
                    $"wave {OtaCommands.Text(c, "currentWave")}/{OtaCommands.Text(c, "waveCount")}  {Adoption(counts)}");
            }

            context.Output.WriteLine($"{campaigns.GetArrayLength()} campaign(s).");
            return ExitCodes.Ok;
        });
    }

    private static Command Status(CliContext context)
    {
        var id = new Argument<long>("campaign-id") { Description = "The campaign's id." };
        var devices = new Option<bool>("--devices") { Description = "Also list every targeted device's state." };
        var json = CommonOptions.Json();
        var command = new Command("status", "Show a campaign: status, adoption per wave and per hardware class, failures.") { id, devices, json };
        return OtaCommands.WithApi(command, context, (parseResult, api) =>
        {
            var campaignId = parseResult.GetValue(id).ToString(CultureInfo.InvariantCulture);
            var campaign = api.Get("/api/v1/ota/campaigns/" + campaignId);
            var deviceList = parseResult.GetValue(devices) ? api.Get($"/api/v1/ota/campaigns/{campaignId}/devices") : (JsonElement?)null;
            if (parseResult.GetValue(json))
            {
                JsonOutput.Write(context.Output, deviceList is null ? campaign : new { campaign, devices = deviceList });
                return ExitCodes.Ok;
            }

            WriteStatus(context, campaign);
            if (deviceList is { } list)
            {
                foreach (var d in list.EnumerateArray())
                {
                    var progress = d.GetProperty("chunksTotal").GetInt64() > 0 ? $" {OtaCommands.Text(d, "chunksPresent")}/{OtaCommands.Text(d, "chunksTotal")} chunks" : string.Empty;
                    var reason = d.GetProperty("reason").ValueKind == JsonValueKind.String ? $" ({d.GetProperty("reason").GetString()})" : string.Empty;
                    context.Output.WriteLine($"  {OtaCommands.Text(d, "deviceId"),-32} wave {OtaCommands.Text(d, "wave"),-3} {OtaCommands.Text(d, "state"),-12}{progress}{reason}");
                }
            }

            return ExitCodes.Ok;
        });
    }

    private static Command Step(CliContext context, string action, string description)
    {
        var id = new Argument<long>("campaign-id") { Description = "The campaign's id." };
        var json = CommonOptions.Json();
        var command = new Command(action, description) { id, json };
        return OtaCommands.WithApi(command, context, (parseResult, api) =>
        {
            var campaign = api.Post($"/api/v1/ota/campaigns/{parseResult.GetValue(id).ToString(CultureInfo.InvariantCulture)}/{action}");
            if (parseResult.GetValue(json))
            {
                JsonOutput.Write(context.Output, campaign);
                return ExitCodes.Ok;
            }

            WriteStatus(context, campaign);
            return ExitCodes.Ok;
        });
    }

    private static void WriteStatus(CliContext context, JsonElement c)
    {
        var output = context.Output;
        output.WriteLine($"Campaign {OtaCommands.Text(c, "id")}: {OtaCommands.Text(c, "status")}{(c.GetProperty("statusReason").ValueKind == JsonValueKind.String ? " (" + c.GetProperty("statusReason").GetString() + ")" : string.Empty)}");
        output.WriteLine($"  {OtaCommands.Text(c, "kind")} {OtaCommands.Text(c, "subject")}; target: {OtaCommands.Text(c, "target")}");
        output.WriteLine($"  wave {OtaCommands.Text(c, "currentWave")} of {OtaCommands.Text(c, "waveCount")}; failures {OtaCommands.Text(c, "failures")} (pauses at {OtaCommands.Text(c, "failureThreshold")} since the last resume); window {(c.GetProperty("window").ValueKind == JsonValueKind.String ? c.GetProperty("window").GetString() + " UTC" : "any time")}");
        output.WriteLine($"  created by {OtaCommands.Text(c, "createdBy")} at {OtaCommands.Time(c.GetProperty("createdAtMs").GetInt64())}");
        output.WriteLine($"  all: {Adoption(c.GetProperty("counts"))}");
        foreach (var wave in c.GetProperty("waves").EnumerateArray())
        {
            output.WriteLine($"  wave {OtaCommands.Text(wave, "wave")}{(wave.GetProperty("opened").GetBoolean() ? string.Empty : " (not opened)")}: {Adoption(wave.GetProperty("counts"))}");
        }

        foreach (var hardwareClass in c.GetProperty("hardwareClasses").EnumerateObject())
        {
            output.WriteLine($"  class {(hardwareClass.Name.Length == 0 ? "(none)" : hardwareClass.Name)}: {Adoption(hardwareClass.Value)}");
        }
    }

    // "3/10 confirmed (30%); downloading 2, failed 1, pending 4"
    private static string Adoption(JsonElement counts)
    {
        var total = counts.GetProperty("total").GetInt32();
        var confirmed = counts.GetProperty("confirmed").GetInt32();
        var others = States.Where(s => s != "confirmed" && counts.GetProperty(s).GetInt32() > 0)
            .Select(s => $"{(s == "rolledBack" ? "rolled back" : s)} {counts.GetProperty(s).GetInt32()}");
        var percent = total == 0 ? 0 : confirmed * 100 / total;
        var rest = string.Join(", ", others);
        return $"{confirmed}/{total} confirmed ({percent}%){(rest.Length > 0 ? "; " + rest : string.Empty)}";
    }

    private static string Short(string id) => id.Length > 12 ? id[..12] + "…" : id;
}
