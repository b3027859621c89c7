using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using EdgeSecurity.Cli.Infrastructure;

namespace EdgeSecurity.Cli.Commands.Device;

/// <summary>
/// `edgesec device posture`: every device the host knows, with its posture, read a page at a time by following the
/// API's cursors (GET /api/v1/devices answers pages only, decision 202), and written as each page arrives, so a
/// fleet of any size streams in bounded memory.
/// </summary>
internal static class DevicePostureCommand
{
    public static Command Create(CliContext context)
    {
        var pageSize = new Option<int>("--page-size") { Description = "Devices per API request (1-1000).", DefaultValueFactory = _ => 1000 };
        var json = new Option<bool>("--json") { Description = "One API device object (with its posture) per line, for scripts." };
        var api = new HostApiOptions();
        var command = new Command("posture", "List every device the host knows with its posture (integrity, containment, version, last seen), in device id order.") { pageSize, json };
        api.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var size = parseResult.GetValue(pageSize);
            if (size is < 1 or > 1000)
            {
                throw CliException.Usage($"Invalid --page-size {size}: use 1 to 1000.");
            }

            using var client = api.Connect(parseResult, context);
            var devices = 0;
            string? cursor = null;
            do
            {
                var page = await client.GetAsync(
                    $"/api/v1/devices?limit={size.ToString(CultureInfo.InvariantCulture)}" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)), cancellationToken);
                foreach (var device in page.GetProperty("items").EnumerateArray())
                {
                    context.Output.WriteLine(parseResult.GetValue(json) ? device.GetRawText() : Describe(device));
                    devices++;
                }

                context.Output.Flush();
                cursor = page.GetProperty("nextCursor").ValueKind == JsonValueKind.String ? page.GetProperty("nextCursor").GetString() : null;
            }
            while (cursor is not null);

            if (!parseResult.GetValue(json))
            {
                context.Output.WriteLine($"{devices} device(s).");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>One line a person reads: id, revoked or active, class, running version, integrity, containment, last seen.</summary>
    private static string Describe(JsonElement d)
    {
        static string Text(JsonElement e, string name) =>
            e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "-";
        var posture = d.TryGetProperty("posture", out var p) ? p : default;
        var version = Text(posture, "bundleVersion") is var running && running != "-" ? running : Text(d, "firmwareVersion");
        var lastSeen = d.TryGetProperty("lastSeenAtMs", out var seen) && seen.ValueKind == JsonValueKind.Number
            ? DateTimeOffset.FromUnixTimeMilliseconds(seen.GetInt64()).ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture)
            : "never";
        var revoked = d.TryGetProperty("revokedAtMs", out var at) && at.ValueKind == JsonValueKind.Number;
        return $"{Text(d, "deviceId"),-32} {(revoked ? "revoked" : "active"),-8} {Text(d, "hardwareClass"),-16} {version,-10} integrity {Text(posture, "integrity"),-8} containment {Text(posture, "containment"),-10} last seen {lastSeen}";
    }
}
