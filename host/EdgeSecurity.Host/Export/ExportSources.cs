namespace EdgeSecurity.Host.Export;

/// <summary>The kinds of records an export or forwarder reads; each has its own id sequence and cursor.</summary>
public static class ExportSources
{
    public const string Events = "events";
    public const string Alerts = "alerts";
    public const string HostEvents = "host-events";

    public static IReadOnlyList<string> All { get; } = [Events, Alerts, HostEvents];
}
