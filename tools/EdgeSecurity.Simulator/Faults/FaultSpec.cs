using System.Globalization;
using EdgeSecurity.Simulator.Fleet;

namespace EdgeSecurity.Simulator.Faults;

/// <summary>
/// Parses a fault spec, KIND:DEVICE[:ARG][@SECONDS] (DEVICE may be '*'), as 'edgesec simulate run --inject'
/// takes it; without @SECONDS the fault happens halfway through the run. Bad specs throw
/// <see cref="FaultSpecException"/> naming the spec and the problem (the CLI turns it into a usage error).
/// </summary>
public static class FaultSpec
{
    public const string Help = "Fault to inject: KIND:DEVICE[:ARG][@SECONDS], DEVICE an id or '*'. Kinds: integrity, powercut[:WRITE], "
        + "tamper:flip|delete|replay, skew[:SECONDS], burst[:COUNT], disconnect, health-fail (its new bundles fail the health check and roll back), "
        + "broker-down[:SECONDS] (the device loses the broker; default 10 s), host-down[:SECONDS] (the device gets no acks; default 10 s). "
        + "Default time: half the duration.";

    /// <summary>Outage length when broker-down or host-down gives none.</summary>
    public static readonly TimeSpan DefaultOutage = TimeSpan.FromSeconds(10);

    /// <summary>Longest outage (a day): longer ones are a dead fleet, not a fault.</summary>
    public const long MaxOutageSeconds = 86_400;

    /// <summary>Latest fault time and largest clock skew accepted (a year), far below TimeSpan's range.</summary>
    public const long MaxSeconds = 365L * 86_400;

    public static ScheduledFault Parse(string spec, TimeSpan duration)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var at = duration / 2;
        var text = spec;
        var atSign = spec.LastIndexOf('@');
        if (atSign >= 0)
        {
            at = TimeSpan.FromSeconds(Seconds(spec[(atSign + 1)..], spec, "@SECONDS"));
            text = spec[..atSign];
        }

        var parts = text.Split(':');
        if (parts.Length < 2 || parts.Length > 3 || parts[1].Length == 0)
        {
            throw new FaultSpecException($"--inject '{spec}': expected KIND:DEVICE[:ARG][@SECONDS].");
        }

        var argument = parts.Length > 2 ? parts[2] : null;
        var device = parts[1];
        return parts[0] switch
        {
            "integrity" => new(device, at, "integrity violation (application component changed on flash)", DeviceFaults.IntegrityViolation()),
            "powercut" => PowerCut(device, at, argument is null ? 5 : Number(argument, spec, "WRITE")),
            "tamper" => Tamper(device, at, argument, spec),
            "skew" => new(device, at, $"clock skew {argument ?? "3600"} s", DeviceFaults.ClockSkew(TimeSpan.FromSeconds(argument is null ? 3600 : Seconds(argument, spec, "SECONDS")))),
            "burst" => Burst(device, at, argument is null ? 100 : (int)Math.Min(int.MaxValue, Number(argument, spec, "COUNT"))),
            "disconnect" => new(device, at, "network connection dropped", DeviceFaults.Disconnect()),
            "health-fail" => new(device, at, "new bundles fail their health check (trial rolled back)", DeviceFaults.FailHealthChecks()),
            "broker-down" => Outage(device, at, argument, spec, broker: true),
            "host-down" => Outage(device, at, argument, spec, broker: false),
            _ => throw new FaultSpecException($"--inject '{spec}': unknown fault '{parts[0]}'. {Help}"),
        };
    }

    public static ScheduledFault Burst(string device, TimeSpan at, int count) =>
        new(device, at, $"burst of {count} events", DeviceFaults.Burst(count));

    private static ScheduledFault PowerCut(string device, TimeSpan at, long write) =>
        write >= 1 ? new(device, at, $"power cut at flash write {write} after reboot", DeviceFaults.PowerCut(write)) : throw new FaultSpecException("powercut: WRITE counts from 1.");

    private static ScheduledFault Tamper(string device, TimeSpan at, string? argument, string spec) => argument switch
    {
        "flip" => new(device, at, "journal record altered on flash", DeviceFaults.TamperJournal(TamperKind.Flip)),
        "delete" => new(device, at, "journal record deleted on flash", DeviceFaults.TamperJournal(TamperKind.Delete)),
        "replay" => new(device, at, "earlier journal record written back on flash", DeviceFaults.TamperJournal(TamperKind.Replay)),
        _ => throw new FaultSpecException($"--inject '{spec}': tamper needs flip, delete or replay."),
    };

    private static ScheduledFault Outage(string device, TimeSpan at, string? argument, string spec, bool broker)
    {
        var length = DefaultOutage;
        if (argument is not null)
        {
            var seconds = Number(argument, spec, "SECONDS (the outage length)");
            if (seconds is < 1 or > MaxOutageSeconds)
            {
                throw new FaultSpecException($"--inject '{spec}': SECONDS (the outage length) must be 1 to {MaxOutageSeconds}, not {seconds}.");
            }

            length = TimeSpan.FromSeconds(seconds);
        }

        return broker
            ? new(device, at, $"broker unreachable for {length.TotalSeconds:F0} s (device disconnected, reconnects refused)", DeviceFaults.BrokerDown(length))
            : new(device, at, $"host silent for {length.TotalSeconds:F0} s (its acks do not reach the device)", DeviceFaults.HostDown(length));
    }

    private static long Seconds(string text, string spec, string what)
    {
        var value = Number(text, spec, what);
        return value <= MaxSeconds ? value : throw new FaultSpecException($"--inject '{spec}': {what} must be at most {MaxSeconds} (a year), not {value}.");
    }

    private static long Number(string text, string spec, string what) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FaultSpecException($"--inject '{spec}': {what} must be a whole number, not '{text}'.");
}
