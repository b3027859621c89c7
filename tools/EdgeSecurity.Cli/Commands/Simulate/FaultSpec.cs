using System.Globalization;
using EdgeSecurity.Cli.Infrastructure;
using EdgeSecurity.Simulator.Faults;
using EdgeSecurity.Simulator.Fleet;

namespace EdgeSecurity.Cli.Commands.Simulate;

/// <summary>
/// Parses --inject KIND:DEVICE[:ARG][@SECONDS] (DEVICE may be '*'); without @SECONDS the fault happens
/// halfway through the run.
/// </summary>
internal static class FaultSpec
{
    public const string Help = "Fault to inject: KIND:DEVICE[:ARG][@SECONDS], DEVICE an id or '*'. Kinds: integrity, powercut[:WRITE], "
        + "tamper:flip|delete|replay, skew[:SECONDS], burst[:COUNT], disconnect. Default time: half the duration.";

    public static ScheduledFault Parse(string spec, TimeSpan duration)
    {
        var at = duration / 2;
        var text = spec;
        var atSign = spec.LastIndexOf('@');
        if (atSign >= 0)
        {
            at = TimeSpan.FromSeconds(Number(spec[(atSign + 1)..], spec, "@SECONDS"));
            text = spec[..atSign];
        }

        var parts = text.Split(':');
        if (parts.Length < 2 || parts[1].Length == 0)
        {
            throw CliException.Usage($"--inject '{spec}': expected KIND:DEVICE[:ARG][@SECONDS].");
        }

        var argument = parts.Length > 2 ? parts[2] : null;
        var device = parts[1];
        return parts[0] switch
        {
            "integrity" => new(device, at, "integrity violation (application component changed on flash)", DeviceFaults.IntegrityViolation()),
            "powercut" => PowerCut(device, at, argument is null ? 5 : Number(argument, spec, "WRITE")),
            "tamper" => Tamper(device, at, argument, spec),
            "skew" => new(device, at, $"clock skew {argument ?? "3600"} s", DeviceFaults.ClockSkew(TimeSpan.FromSeconds(argument is null ? 3600 : Number(argument, spec, "SECONDS")))),
            "burst" => Burst(device, at, argument is null ? 100 : (int)Number(argument, spec, "COUNT")),
            "disconnect" => new(device, at, "network connection dropped", DeviceFaults.Disconnect()),
            _ => throw CliException.Usage($"--inject '{spec}': unknown fault '{parts[0]}'. {Help}"),
        };
    }

    public static ScheduledFault Burst(string device, TimeSpan at, int count) =>
        new(device, at, $"burst of {count} events", DeviceFaults.Burst(count));

    private static ScheduledFault PowerCut(string device, TimeSpan at, long write) =>
        write >= 1 ? new(device, at, $"power cut at flash write {write} after reboot", DeviceFaults.PowerCut(write)) : throw CliException.Usage("powercut: WRITE counts from 1.");

    private static ScheduledFault Tamper(string device, TimeSpan at, string? argument, string spec) => argument switch
    {
        "flip" => new(device, at, "journal record altered on flash", DeviceFaults.TamperJournal(TamperKind.Flip)),
        "delete" => new(device, at, "journal record deleted on flash", DeviceFaults.TamperJournal(TamperKind.Delete)),
        "replay" => new(device, at, "earlier journal record written back on flash", DeviceFaults.TamperJournal(TamperKind.Replay)),
        _ => throw CliException.Usage($"--inject '{spec}': tamper needs flip, delete or replay."),
    };

    private static long Number(string text, string spec, string what) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw CliException.Usage($"--inject '{spec}': {what} must be a whole number, not '{text}'.");
}
