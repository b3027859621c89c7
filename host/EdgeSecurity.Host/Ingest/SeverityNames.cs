using EdgeSecurity.Firmware.Core.Events;

namespace EdgeSecurity.Host.Ingest;

/// <summary>Names of the severity levels events and alerts share (0 info … 4 critical, the core's <see cref="EventSeverity"/>).</summary>
public static class SeverityNames
{
    /// <summary>Every name by its number, lowest first.</summary>
    public static IReadOnlyDictionary<string, int> ByName { get; } = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["info"] = (int)EventSeverity.Info,
        ["notice"] = (int)EventSeverity.Notice,
        ["warning"] = (int)EventSeverity.Warning,
        ["error"] = (int)EventSeverity.Error,
        ["critical"] = (int)EventSeverity.Critical,
    };

    public const int Highest = (int)EventSeverity.Critical;

    /// <summary>The name of <paramref name="severity"/>; a number outside 0–4 (a newer device) reads "severity-N".</summary>
    public static string NameOf(int severity) =>
        ByName.FirstOrDefault(pair => pair.Value == severity).Key ?? "severity-" + severity.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
