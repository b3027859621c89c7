using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using EdgeSecurity.Cli.Infrastructure;

namespace EdgeSecurity.Cli.Commands.Programme;

/// <summary>`edgesec report --month YYYY-MM`: the monthly programme report from the host's programme metrics.</summary>
public static class ReportCommand
{
    public static Command Create(CliContext context)
    {
        var month = new Option<string>("--month") { Description = "The calendar month (UTC) to report, e.g. 2026-11.", Required = true, HelpName = "YYYY-MM" };
        var format = new Option<string>("--format") { Description = "markdown (for people) or json (for scripts).", DefaultValueFactory = _ => "markdown" };
        format.AcceptOnlyFromAmong("markdown", "json");
        var output = CommonOptions.Out("Write the report to this file instead of stdout.", required: false);
        var force = CommonOptions.Force();
        var api = new HostApiOptions();
        var command = new Command("report", "Write the monthly product security programme report: vulnerable devices, fix adoption, update outcomes, incidents, alert response, telemetry health.")
        {
            month, format, output, force,
        };
        api.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var (from, to) = Month(parseResult.GetValue(month)!);
            using var client = api.Connect(parseResult, context);
            var metrics = await client.GetAsync(
                $"/api/v1/metrics/programme?from={Uri.EscapeDataString(Iso(from))}&to={Uri.EscapeDataString(Iso(to))}", cancellationToken);
            var text = parseResult.GetValue(format) == "json"
                ? JsonSerializer.Serialize(metrics, new JsonSerializerOptions { WriteIndented = true }) + "\n"
                : ProgrammeReportMarkdown.Render(metrics, from);
            if (parseResult.GetValue(output) is { } file)
            {
                var path = OutputFiles.Write(file, Encoding.UTF8.GetBytes(text), parseResult.GetValue(force));
                context.Output.WriteLine($"Wrote the {from:MMMM yyyy} report to {path}.");
            }
            else
            {
                context.Output.Write(text);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The month's first instant and the next month's, UTC.</summary>
    internal static (DateTimeOffset From, DateTimeOffset To) Month(string text)
    {
        if (!DateTime.TryParseExact(text, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first) || first.Year < 1970)
        {
            throw CliException.Usage($"Invalid --month '{text}': use YYYY-MM, e.g. 2026-11.");
        }

        var from = new DateTimeOffset(first.Year, first.Month, 1, 0, 0, 0, TimeSpan.Zero);
        return (from, from.AddMonths(1));
    }

    private static string Iso(DateTimeOffset time) => time.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
