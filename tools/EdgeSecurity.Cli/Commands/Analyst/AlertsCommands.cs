using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using EdgeSecurity.Cli.Infrastructure;

namespace EdgeSecurity.Cli.Commands.Analyst;

/// <summary>`edgesec alerts list | ack | resolve`: the alert queue and its triage through the host's API.</summary>
public static class AlertsCommands
{
    public static Command Create(CliContext context)
    {
        var alerts = new Command("alerts", "List and triage alerts through the host's API.");
        alerts.Subcommands.Add(List(context));
        alerts.Subcommands.Add(Triage(context, "ack", "Acknowledge an alert: you are on it.", "acknowledged"));
        alerts.Subcommands.Add(Triage(context, "resolve", "Resolve an alert (--false-positive: it was not an incident).", "resolved"));
        return alerts;
    }

    private static Command List(CliContext context)
    {
        var status = new Option<string?>("--status") { Description = "new, acknowledged, resolved or false-positive." };
        var device = new Option<string?>("--device") { Description = "Only this device's alerts (host: the host's own)." };
        var limit = new Option<int>("--limit") { Description = "At most this many (1-1000), newest first.", DefaultValueFactory = _ => 50 };
        var json = CommonOptions.Json();
        var api = new HostApiOptions();
        var command = new Command("list", "List alerts, newest first.") { status, device, limit, json };
        api.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var client = api.Connect(parseResult, context);
            var query = $"/api/v1/alerts?limit={parseResult.GetValue(limit).ToString(CultureInfo.InvariantCulture)}"
                + (parseResult.GetValue(status) is { } s ? "&status=" + Uri.EscapeDataString(s) : "")
                + (parseResult.GetValue(device) is { } d ? "&device=" + Uri.EscapeDataString(d) : "");
            var items = (await client.GetAsync(query, cancellationToken)).GetProperty("items");
            if (parseResult.GetValue(json))
            {
                context.Output.WriteLine(JsonSerializer.Serialize(items, new JsonSerializerOptions { WriteIndented = true }));
                return ExitCodes.Ok;
            }

            foreach (var a in items.EnumerateArray())
            {
                context.Output.WriteLine(Describe(a));
            }

            context.Output.WriteLine($"{items.GetArrayLength()} alert(s).");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Triage(CliContext context, string name, string description, string status)
    {
        var id = new Argument<long>("ID") { Description = "The alert's id (edgesec alerts list)." };
        var note = new Option<string?>("--note") { Description = "Why, for the alert's audit log." };
        var falsePositive = new Option<bool>("--false-positive") { Description = "It was not an incident (status false-positive)." };
        var json = CommonOptions.Json();
        var api = new HostApiOptions();
        var command = new Command(name, description) { id, note, json };
        if (status == "resolved")
        {
            command.Options.Add(falsePositive);
        }

        api.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var alertId = parseResult.GetValue(id);
            if (alertId < 1)
            {
                throw CliException.Usage($"Invalid alert id {alertId}: use the id edgesec alerts list shows.");
            }

            var target = status == "resolved" && parseResult.GetValue(falsePositive) ? "false-positive" : status;
            using var client = api.Connect(parseResult, context);
            await client.PostAsync($"/api/v1/alerts/{alertId.ToString(CultureInfo.InvariantCulture)}/status", new { status = target, note = parseResult.GetValue(note) }, cancellationToken);
            var alert = (await client.GetAsync($"/api/v1/alerts/{alertId.ToString(CultureInfo.InvariantCulture)}", cancellationToken)).GetProperty("alert");
            context.Output.WriteLine(parseResult.GetValue(json) ? alert.GetRawText() : Describe(alert));
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>An alert in words: id, time, status, severity, device, title and what it says.</summary>
    internal static string Describe(JsonElement a)
    {
        var time = DateTimeOffset.FromUnixTimeMilliseconds(a.GetProperty("createdAtMs").GetInt64()).ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture);
        var assignee = a.TryGetProperty("assignee", out var who) && who.ValueKind == JsonValueKind.String ? $" (assigned to {who.GetString()})" : "";
        return $"#{a.GetProperty("id").GetInt64()} {time} {a.GetProperty("status").GetString()} {a.GetProperty("severity").GetString()!.ToUpperInvariant()} {a.GetProperty("deviceId").GetString()}: {a.GetProperty("title").GetString()} - {a.GetProperty("detail").GetString()}{assignee}";
    }
}
