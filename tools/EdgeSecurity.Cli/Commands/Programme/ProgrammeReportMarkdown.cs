using System.Globalization;
using System.Text;
using System.Text.Json;

namespace EdgeSecurity.Cli.Commands.Programme;

/// <summary>
/// Renders programme metrics (the API's JSON) as a Markdown report a product security officer can read on its
/// own: a summary, then one section per metric with what it means. A value the host could not compute is
/// shown as "no data", never as 0.
/// </summary>
internal static class ProgrammeReportMarkdown
{
    private const string NoData = "no data";

    public static string Render(JsonElement m, DateTimeOffset month)
    {
        var fleet = m.GetProperty("fleet");
        var vulnerable = m.GetProperty("vulnerable");
        var updates = m.GetProperty("updates");
        var response = m.GetProperty("alertResponse");
        var incidents = m.GetProperty("incidents").EnumerateArray().ToList();
        var md = new StringBuilder();
        md.Append(CultureInfo.InvariantCulture, $"# Product security programme report: {month.ToString("MMMM yyyy", CultureInfo.InvariantCulture)}\n\n");
        md.Append(CultureInfo.InvariantCulture, $"Period {Time(m, "from")} to {Time(m, "to")} (UTC, end excluded); generated {Time(m, "generatedAt")} from what the devices reported to the host.\n\n");

        md.Append("## Summary\n\n");
        md.Append(CultureInfo.InvariantCulture, $"* **{Int(vulnerable, "devices")}** device(s) in the field run a version named by an advisory and not its fix.\n");
        md.Append(CultureInfo.InvariantCulture, $"* **{Int(fleet, "devices")}** devices in the fleet: {Int(fleet, "reporting")} reported, {Int(fleet, "silent")} stayed silent.\n");
        md.Append(CultureInfo.InvariantCulture, $"* **{Int(updates, "attempts")}** update(s) finished: failure rate {Percent(updates, "failureRate")}, rollback rate {Percent(updates, "rollbackRate")}.\n");
        md.Append(CultureInfo.InvariantCulture, $"* **{incidents.Sum(i => i.GetProperty("count").GetInt32())}** incident(s) raised; alerts acknowledged in {Minutes(response, "medianMinutesToAcknowledge")} (median), resolved in {Minutes(response, "medianMinutesToResolve")} (median).\n\n");

        md.Append("## Vulnerable devices\n\n");
        var advisories = vulnerable.GetProperty("advisories").EnumerateArray().ToList();
        if (advisories.Count == 0)
        {
            md.Append("No advisories are recorded (`edgesec advisories add`), so no device can be counted as vulnerable.\n\n");
        }
        else
        {
            md.Append("| advisory | severity | hardware class | affected versions | fixed in | devices still affected |\n|---|---|---|---|---|---:|\n");
            foreach (var a in advisories)
            {
                md.Append(CultureInfo.InvariantCulture,
                    $"| {Cell(a, "id")}: {Cell(a, "title")} | {Cell(a, "severity")} | {Cell(a, "hardwareClass")} | {string.Join(", ", a.GetProperty("affectedVersions").EnumerateArray().Select(v => Escape(v.GetString())))} | {Cell(a, "fixedIn")} | {Int(a, "devices")} |\n");
            }

            md.Append('\n');
        }

        md.Append("## Fix adoption\n\nHours from a bundle's release (its first campaign) until half and 90 % of the devices of its hardware class had booted it or a later version.\n\n");
        var adoption = m.GetProperty("adoption").EnumerateArray().ToList();
        if (adoption.Count == 0)
        {
            md.Append("No bundle was being rolled out in this period.\n\n");
        }
        else
        {
            md.Append("| version | hardware class | released | devices | adopted | hours to 50 % | hours to 90 % |\n|---|---|---|---:|---:|---:|---:|\n");
            foreach (var a in adoption)
            {
                md.Append(CultureInfo.InvariantCulture,
                    $"| {Cell(a, "version")} | {Cell(a, "hardwareClass")} | {Time(a, "releasedAt")} | {Int(a, "devices")} | {Int(a, "adopted")} | {Number(a, "hoursTo50Percent", "not reached")} | {Number(a, "hoursTo90Percent", "not reached")} |\n");
            }

            md.Append('\n');
        }

        md.Append("## Updates\n\n| finished | confirmed | failed | rolled back | failure rate | rollback rate |\n|---:|---:|---:|---:|---:|---:|\n");
        md.Append(CultureInfo.InvariantCulture,
            $"| {Int(updates, "attempts")} | {Int(updates, "confirmed")} | {Int(updates, "failed")} | {Int(updates, "rolledBack")} | {Percent(updates, "failureRate")} | {Percent(updates, "rollbackRate")} |\n\n");

        md.Append("## Incidents by class\n\nAlerts raised in the period, except those analysts marked false positive.\n\n");
        if (incidents.Count == 0)
        {
            md.Append("No incidents.\n\n");
        }
        else
        {
            md.Append("| class | incidents |\n|---|---:|\n");
            foreach (var i in incidents)
            {
                md.Append(CultureInfo.InvariantCulture, $"| {Cell(i, "class")} | {Int(i, "count")} |\n");
            }

            md.Append('\n');
        }

        md.Append("## Alert response\n\nMinutes from an alert being raised to an analyst acknowledging it and to an analyst closing it.\n\n");
        md.Append("| | alerts | median | 90th percentile |\n|---|---:|---:|---:|\n");
        md.Append(CultureInfo.InvariantCulture, $"| acknowledged | {Int(response, "acknowledged")} | {Minutes(response, "medianMinutesToAcknowledge")} | {Minutes(response, "p90MinutesToAcknowledge")} |\n");
        md.Append(CultureInfo.InvariantCulture, $"| resolved | {Int(response, "resolved")} | {Minutes(response, "medianMinutesToResolve")} | {Minutes(response, "p90MinutesToResolve")} |\n\n");

        md.Append("## Telemetry health\n\n");
        md.Append(CultureInfo.InvariantCulture, $"* Silent devices (no event received in the period): {Int(fleet, "silent")} of {Int(fleet, "devices")}.\n");
        md.Append(CultureInfo.InvariantCulture, $"* Records the devices reported dropping from full journals: {Int(fleet, "droppedEvents")}.\n");
        if (fleet.TryGetProperty("rejectedMessages", out _))
        {
            md.Append(CultureInfo.InvariantCulture, $"* Messages the host rejected (malformed, unknown device, broken chain): {Int(fleet, "rejectedMessages")}.\n");
        }

        md.Append("\nDefinitions, sources and what these numbers cannot know: docs/metrics.md in the EdgeSecurity repository.\n");
        return md.ToString();
    }

    private static string Int(JsonElement e, string name) => e.GetProperty(name).GetInt64().ToString(CultureInfo.InvariantCulture);

    private static string Number(JsonElement e, string name, string none) =>
        e.GetProperty(name) is { ValueKind: JsonValueKind.Number } v ? v.GetDouble().ToString("0.0", CultureInfo.InvariantCulture) : none;

    private static string Minutes(JsonElement e, string name) =>
        e.GetProperty(name) is { ValueKind: JsonValueKind.Number } v ? v.GetDouble().ToString("0.#", CultureInfo.InvariantCulture) + " min" : NoData;

    private static string Percent(JsonElement e, string name) =>
        e.GetProperty(name) is { ValueKind: JsonValueKind.Number } v ? (v.GetDouble() * 100).ToString("0.#", CultureInfo.InvariantCulture) + " %" : NoData;

    private static string Time(JsonElement e, string name) =>
        e.GetProperty(name).GetDateTimeOffset().ToUniversalTime().ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture);

    private static string Cell(JsonElement e, string name) => Escape(e.GetProperty(name).GetString());

    // Advisory titles are operator input: a '|' or line break must not break the table.
    private static string Escape(string? text) => (text ?? string.Empty).Replace("|", "\\|", StringComparison.Ordinal).Replace('\n', ' ').Replace('\r', ' ');
}
