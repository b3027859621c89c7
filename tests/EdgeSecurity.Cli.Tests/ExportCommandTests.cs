using System.Text.Json.Nodes;
using EdgeSecurity.Cli.Infrastructure;
using EdgeSecurity.Host.Storage;
using EdgeSecurity.Host.Storage.Model;

namespace EdgeSecurity.Cli.Tests;

/// <summary>`edgesec export --format ocsf` on a host's SQLite database.</summary>
public sealed class ExportCommandTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _cli.Dispose();
    }

    private async Task SeedAsync()
    {
        Directory.CreateDirectory(_cli.Path("data"));
        await using var store = TelemetryStoreFactory.Sqlite(_cli.Path("data/edgesec.db"));
        await store.MigrateAsync(CancellationToken.None);
        var events = Enumerable.Range(1, 4)
            .Select(i => new SecurityEventRecord("dev-a", i, 1, i, true, i, 0x0102, "integrity-check", 4, """{"1":1,"2":"digest differs","3":"app.json","4":1}""", [(byte)i], [1], 1_800_000_000_000 + (i * 1000)))
            .ToList();
        await store.CommitAsync(new IngestBatch(events, []), CancellationToken.None);
        await store.InsertAlertAsync(new AlertRecord("integrity-violation", "dev-a", 4, "Integrity violation", "d", AlertStatus.New, 1_800_000_002_500, 1_800_000_002_500, [2]), CancellationToken.None);
    }

    [Fact]
    [Trait("Requirement", "SR-EXP-002")]
    public async Task Exports_the_time_range_as_OCSF_NDJSON_to_stdout_or_a_file()
    {
        await SeedAsync();

        var stdout = _cli.Ok("export", "--format", "ocsf", "--from", "2027-01-15T08:00:02Z", "--to", "1800000004000", "--data-dir", "@data");
        _cli.Ok("export", "--format", "ocsf", "--source", "alerts", "--out", "@alerts.ndjson", "--data-dir", "@data");

        var lines = stdout.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Equal(["event:dev-a:2", "event:dev-a:3", "alert:1"], lines.Select(l => l["metadata"]!["uid"]!.GetValue<string>()));
        Assert.Equal([5019, 5019, 2004], lines.Select(l => l["class_uid"]!.GetValue<int>()));
        Assert.Contains("3 OCSF record(s)", stdout.Error, StringComparison.Ordinal);
        var alert = JsonNode.Parse(Assert.Single(File.ReadAllLines(_cli.Path("alerts.ndjson"))))!;
        Assert.Equal("alert-1", alert["finding_info"]!["uid"]!.GetValue<string>());
    }

    [Fact]
    [Trait("Requirement", "SR-EXP-002")]
    public async Task Bad_format_range_or_source_is_a_usage_error()
    {
        await SeedAsync();

        Assert.Contains("only format is ocsf", _cli.Expect(ExitCodes.Usage, "export", "--format", "cef", "--data-dir", "@data").Error, StringComparison.Ordinal);
        Assert.Contains("--from must be before --to", _cli.Expect(ExitCodes.Usage, "export", "--format", "ocsf", "--from", "5", "--to", "5", "--data-dir", "@data").Error, StringComparison.Ordinal);
        Assert.Contains("--from 'soon'", _cli.Expect(ExitCodes.Usage, "export", "--format", "ocsf", "--from", "soon", "--data-dir", "@data").Error, StringComparison.Ordinal);
        Assert.Contains("--source 'logs'", _cli.Expect(ExitCodes.Usage, "export", "--format", "ocsf", "--source", "logs", "--data-dir", "@data").Error, StringComparison.Ordinal);
    }
}
