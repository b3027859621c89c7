namespace EdgeSecurity.Bench.WebConsole;

/// <summary>
/// A console page and what makes it usable: every one of <see cref="ReadySelectors"/> matches, that is its
/// data is in the document. The alert queue is the page the console opens after sign-in; the fleet overview is
/// the page that used to download the whole fleet, usable once its health cards and first table row are there.
/// </summary>
internal sealed record ConsolePage(string Name, string Hash, IReadOnlyList<string> ReadySelectors)
{
    public static IReadOnlyList<ConsolePage> All { get; } =
    [
        new("alert queue (the page after sign-in)", "#/alerts", ["#alert-table tbody tr[data-alert-id]"]),
        new("fleet overview", "#/fleet", ["#fleet-health .card-value", "#device-table tbody tr[data-device-id]"]),
    ];
}
