using System.CommandLine;
using EdgeSecurity.Cli.Commands.Ota;
using EdgeSecurity.Cli.Infrastructure;

namespace EdgeSecurity.Cli.Commands.Device;

/// <summary>`edgesec device tag`: set a device's tags on the host (campaigns target tags).</summary>
internal static class DeviceTagCommand
{
    public static Command Create(CliContext context)
    {
        var device = new Argument<string>("device-id") { Description = "The enrolled device." };
        var tags = new Argument<string[]>("tags") { Description = "The device's tags (replace the current ones): a-z, 0-9, - _ . :", Arity = ArgumentArity.ZeroOrMore };
        var clear = new Option<bool>("--clear") { Description = "Remove all tags (give no TAG)." };
        var json = CommonOptions.Json();
        var command = new Command("tag", "Set a device's tags on the host (needs an operator token); campaigns can target tags.") { device, tags, clear, json };
        return OtaCommands.WithApi(command, context, (parseResult, api) =>
        {
            var values = parseResult.GetValue(tags) ?? [];
            if (values.Length == 0 != parseResult.GetValue(clear))
            {
                throw CliException.Usage(values.Length == 0 ? "Give the device's tags, or --clear to remove them all." : "--clear removes all tags: give no TAG with it.");
            }

            var result = api.Put($"/api/v1/devices/{Uri.EscapeDataString(parseResult.GetValue(device)!)}/tags", new { tags = values });
            if (parseResult.GetValue(json))
            {
                JsonOutput.Write(context.Output, result);
                return ExitCodes.Ok;
            }

            var set = result.GetProperty("tags").EnumerateArray().Select(t => t.GetString()).ToList();
            context.Output.WriteLine($"Device {parseResult.GetValue(device)}: {(set.Count == 0 ? "no tags" : "tags " + string.Join(", ", set))}.");
            return ExitCodes.Ok;
        });
    }
}
