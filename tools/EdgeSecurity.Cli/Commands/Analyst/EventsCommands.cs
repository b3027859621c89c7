using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using EdgeSecurity.Cli.Infrastructure;

namespace EdgeSecurity.Cli.Commands.Analyst;

/// <summary>`edgesec events tail`: the newest device events from the host's API, oldest first, optionally following new ones.</summary>
public static class EventsCommands
{
    public static Command Create(CliContext context)
    {
        var events = new Command("events", "Read device security events from the host's API.");
        var device = new Option<string?>("--device") { Description = "Only this device's events." };
        var count = new Option<int>("--lines", "-n") { Description = "How many of the newest events to show first (1-1000).", DefaultValueFactory = _ => 20 };
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing new events as they arrive (Ctrl-C stops)." };
        var json = CommonOptions.Json();
        var api = new HostApiOptions();
        var tail = new Command("tail", "Show the newest events (oldest first); with --follow, keep showing new ones.") { device, count, follow, json };
        api.AddTo(tail);
        tail.SetAction(async (parseResult, cancellationToken) =>
        {
            var lines = parseResult.GetValue(count);
            if (lines is < 1 or > 1000)
            {
                throw CliException.Usage($"Invalid --lines {lines}: use 1 to 1000.");
            }

            using var client = api.Connect(parseResult, context);
            var filter = parseResult.GetValue(device) is { } id ? "&device=" + Uri.EscapeDataString(id) : "";
            long newest = 0;
            var first = true;
            do
            {
                var page = await client.GetAsync($"/api/v1/events?limit={(first ? lines : 1000)}{filter}", cancellationToken);
                var fresh = page.GetProperty("items").EnumerateArray().Where(e => e.GetProperty("id").GetInt64() > newest).Reverse().ToList();
                foreach (var e in fresh)
                {
                    context.Output.WriteLine(parseResult.GetValue(json) ? e.GetRawText() : Describe(e));
                    newest = Math.Max(newest, e.GetProperty("id").GetInt64());
                }

                context.Output.Flush();
                first = false;
                if (parseResult.GetValue(follow))
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
                }
            }
            while (parseResult.GetValue(follow) && !cancellationToken.IsCancellationRequested);

            return ExitCodes.Ok;
        });
        events.Subcommands.Add(tail);
        return events;
    }

    /// <summary>One line a person reads: time, device, sequence, severity, type, fields, and the chain when not linked.</summary>
    internal static string Describe(JsonElement e)
    {
        var time = DateTimeOffset.FromUnixTimeMilliseconds(e.GetProperty("receivedAtMs").GetInt64()).ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var fields = string.Join(' ', e.GetProperty("fields").EnumerateObject().Select(f => $"{f.Name}={f.Value}"));
        var chain = e.GetProperty("chain").GetString();
        return $"{time} {e.GetProperty("deviceId").GetString()} #{e.GetProperty("sequence").GetInt64()} {e.GetProperty("severity").GetString()!.ToUpperInvariant()} {e.GetProperty("type").GetString()} {fields}{(chain == "linked" ? "" : $" [chain: {chain}]")}";
    }
}
