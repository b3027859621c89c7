using System.CommandLine;
using System.Globalization;
using EdgeSecurity.Cli.Infrastructure;
using EdgeSecurity.Host.Export;

namespace EdgeSecurity.Cli.Commands.Export;

/// <summary>`edgesec export --format ocsf`: OCSF 1.x NDJSON of a time range, read from the host's database page by page.</summary>
public static class ExportCommand
{
    public static Command Create(CliContext context)
    {
        var format = new Option<string>("--format") { Description = "Output format: ocsf (OCSF 1.x, one JSON object per line).", Required = true };
        var from = new Option<string?>("--from") { Description = "Start of the range (inclusive): Unix ms or ISO 8601 (2026-11-01T00:00:00Z).", HelpName = "TIME" };
        var to = new Option<string?>("--to") { Description = "End of the range (exclusive): Unix ms or ISO 8601.", HelpName = "TIME" };
        var sources = new Option<string[]>("--source")
        {
            Description = $"What to export: {string.Join(", ", ExportSources.All)} (repeatable; default all).",
            AllowMultipleArgumentsPerToken = true,
        };
        var output = CommonOptions.Out("Write to this file instead of stdout.", required: false);
        var database = new HostDatabaseOptions();
        var command = new Command("export", "Export events, alerts and host events of a time range as OCSF NDJSON (docs/ocsf.md).") { format, from, to, sources, output };
        database.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            if (parseResult.GetValue(format) != "ocsf")
            {
                throw CliException.Usage($"Unknown --format '{parseResult.GetValue(format)}': the only format is ocsf.");
            }

            var fromMs = Time("--from", parseResult.GetValue(from));
            var toMs = Time("--to", parseResult.GetValue(to));
            if (fromMs is not null && toMs is not null && fromMs >= toMs)
            {
                throw CliException.Usage("--from must be before --to.");
            }

            var chosen = parseResult.GetValue(sources) is { Length: > 0 } given ? given : [.. ExportSources.All];
            foreach (var source in chosen.Where(s => !ExportSources.All.Contains(s)))
            {
                throw CliException.Usage($"Unknown --source '{source}': use {string.Join(", ", ExportSources.All)}.");
            }

            await using var store = await database.OpenAsync(parseResult, context, cancellationToken);
            var file = parseResult.GetValue(output);
            long count;
            if (file is null)
            {
                await using var stdout = new TextWriterStream(context.Output);
                count = await OcsfExport.WriteNdjsonAsync(store, stdout, [.. chosen.Distinct()], fromMs, toMs, cancellationToken);
            }
            else
            {
                await using var stream = new FileStream(file.FullName, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true);
                count = await OcsfExport.WriteNdjsonAsync(store, stream, [.. chosen.Distinct()], fromMs, toMs, cancellationToken);
            }

            context.Error.WriteLine($"{count} OCSF record(s) exported.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static long? Time(string option, string? value)
    {
        if (value is null)
        {
            return null;
        }

        if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var ms))
        {
            return ms;
        }

        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time.ToUnixTimeMilliseconds()
            : throw CliException.Usage($"Invalid {option} '{value}': use Unix milliseconds or ISO 8601 (2026-11-01T00:00:00Z).");
    }
}
