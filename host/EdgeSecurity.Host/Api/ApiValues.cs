using System.Globalization;
using EdgeSecurity.Host.Ingest;
using EdgeSecurity.Host.Storage.Model;

namespace EdgeSecurity.Host.Api;

/// <summary>The API's parameter vocabulary: what each named parameter accepts, checked before any query runs.</summary>
internal static class ApiValues
{
    public const int MaxPageSize = 1000;

    public const int DefaultPageSize = 100;

    /// <summary>Alert status names a filter accepts (docs/alerts.md).</summary>
    public static IReadOnlyDictionary<string, AlertStatus> AlertStatuses => AlertStatusNames.ByName;

    /// <summary>What an analyst may set: "new" means nobody looked, so it is only ever the host's.</summary>
    public static IReadOnlyDictionary<string, AlertStatus> SettableAlertStatuses { get; } =
        AlertStatusNames.ByName.Where(s => s.Value != AlertStatus.New).ToDictionary(StringComparer.Ordinal);

    /// <summary>A status as a filter or body gives it; the names before triage states get an answer that says what they became.</summary>
    public static AlertStatus Status(string name, string value, IReadOnlyDictionary<string, AlertStatus> allowed) => value switch
    {
        "open" => throw new ApiParameterException(name, $"Invalid '{name}' value 'open': that status is now 'new' (or 'acknowledged'); use one of {string.Join(", ", allowed.Keys)}."),
        "closed" => throw new ApiParameterException(name, $"Invalid '{name}' value 'closed': that status is now 'resolved' or 'false-positive'; use one of {string.Join(", ", allowed.Keys)}."),
        _ => ParameterValues.Choice(name, value, allowed),
    };

    public static int Limit(RequestParameters query) => query.Integer("limit", 1, MaxPageSize, DefaultPageSize)!.Value;

    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(value))]
    public static string? DeviceId(string name, string? value) =>
        value is null || value == EdgeSecurity.Pki.DeviceId.HostSource || EdgeSecurity.Pki.DeviceId.IsValid(value)
            ? value
            : throw new ApiParameterException(name, $"Invalid '{name}' value '{Printable(value)}': a device id is {EdgeSecurity.Pki.DeviceId.PatternDescription}.");

    /// <summary>Rule ids follow the device id pattern (lowercase words joined by '-').</summary>
    public static string? RuleId(string name, string? value) =>
        value is null || EdgeSecurity.Pki.DeviceId.IsValid(value) || value == EdgeSecurity.Pki.DeviceId.HostSource
            ? value
            : throw new ApiParameterException(name, $"Invalid '{name}' value '{Printable(value)}': a rule id is lowercase letters, digits and '-' (integrity-violation).");

    /// <summary>A severity as number 0–4 or name (info, notice, warning, error, critical).</summary>
    public static int? Severity(string name, string? value)
    {
        if (value is null)
        {
            return null;
        }

        if (SeverityNames.ByName.TryGetValue(value, out var severity))
        {
            return severity;
        }

        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out severity) && severity <= SeverityNames.Highest
            ? severity
            : throw new ApiParameterException(name, $"Invalid '{name}' value '{Printable(value)}': use 0 to {SeverityNames.Highest} or {string.Join(", ", SeverityNames.ByName.Keys)}.");
    }

    /// <summary>An event type as number (258), hex (0x0102) or catalogue name (integrity-check).</summary>
    public static int? EventType(string name, string? value)
    {
        if (value is null)
        {
            return null;
        }

        if ((int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
                || (value.StartsWith("0x", StringComparison.OrdinalIgnoreCase) && int.TryParse(value.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out number)))
            && number is >= 0 and <= 0xFFFF)
        {
            return number;
        }

        return EventCatalogue.TypeOf(value)
            ?? throw new ApiParameterException(name, $"Invalid '{name}' value '{Printable(value)}': use a number 0 to 65535 (258, 0x0102) or a catalogue name (integrity-check; docs/events.md).");
    }

    /// <summary>Received-at bound: Unix milliseconds or an ISO 8601 timestamp with a time zone.</summary>
    public static long? Time(string name, string? value)
    {
        if (value is null)
        {
            return null;
        }

        if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var ms) && ms <= DateTimeOffset.MaxValue.ToUnixTimeMilliseconds())
        {
            return ms;
        }

        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) && time >= DateTimeOffset.UnixEpoch
            ? time.ToUnixTimeMilliseconds()
            : throw new ApiParameterException(name, $"Invalid '{name}' time '{Printable(value)}': use Unix milliseconds or ISO 8601 (2026-11-22T03:00:00Z).");
    }

    /// <summary>The optional 'from' and 'to' parameters; 'from' must be before 'to'.</summary>
    public static (long? From, long? To) TimeRange(RequestParameters query)
    {
        var from = Time("from", query.Text("from"));
        var to = Time("to", query.Text("to"));
        return from is not null && to is not null && from >= to
            ? throw new ApiParameterException("from", $"'from' ({query.Text("from")}) must be before 'to' ({query.Text("to")}).")
            : (from, to);
    }

    /// <summary>The nextCursor of a previous page (a positive number, opaque to clients).</summary>
    public static string? Cursor(string name, string? value) =>
        value is null || (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0)
            ? value
            : throw new ApiParameterException(name, $"Invalid '{name}' value '{Printable(value)}': pass the nextCursor value of the previous page.");

    // Echoing input into an error must not carry control characters into a terminal or log; long values are cut.
    public static string Printable(string value)
    {
        var chars = value.Take(80).Select(c => char.IsControl(c) ? '?' : c).ToArray();
        return new string(chars) + (value.Length > 80 ? "…" : "");
    }
}
