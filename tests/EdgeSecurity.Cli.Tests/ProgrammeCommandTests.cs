using System.Text.Json;
using EdgeSecurity.Cli.Infrastructure;
using EdgeSecurity.Host.Api;
using EdgeSecurity.Host.Configuration;
using EdgeSecurity.Host.Hosting;
using EdgeSecurity.Host.Storage;
using EdgeSecurity.Host.Storage.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EdgeSecurity.Cli.Tests;

/// <summary>`edgesec advisories add | list` and `edgesec report` against a real host (its own mosquitto, SQLite, API).</summary>
public sealed class ProgrammeCommandTests() : RealHostCommandTests("psirt", "operator")
{
    private static readonly long November10 = new DateTimeOffset(2026, 11, 10, 12, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    private async Task FleetOfTwoAsync()
    {
        // lab-1 runs the affected 1.2.0, lab-2 the fix; an integrity alert raised on 10 November is acknowledged 30 minutes later.
        foreach (var (device, version) in new[] { ("lab-1", "1.2.0"), ("lab-2", "1.2.1") })
        {
            await Store.UpsertDeviceAsync(new DeviceRecord(device, DeviceStatus.Active, "esp32-devkit", November10 - 86_400_000, null, null, null, null), CancellationToken.None);
            var boot = new SecurityEventRecord(device, 1, 1, 1, true, 1, 0x0101, "boot-verification", 1, $$"""{"1":0,"2":"","5":"A","6":"{{version}}","8":1}""", [1], [1], November10);
            await Store.CommitAsync(new IngestBatch([boot], []), CancellationToken.None);
        }

        var alert = await Store.InsertAlertAsync(new AlertRecord("integrity-violation", "lab-1", 4, "Runtime integrity violation", "app digest differs", AlertStatus.New, November10, November10, []), CancellationToken.None);
        await Store.TriageAsync(alert, new TriageAction(TriageKind.Status, "ana", November10 + (30 * 60_000), "1", null), CancellationToken.None);
    }

    [Fact]
    [Trait("Requirement", "SR-API-014")]
    public async Task Advisories_are_added_and_listed_and_a_bad_one_is_refused_with_what_to_fix()
    {
        var added = Cli.Ok("advisories", "add", "--id", "ESA-2026-001", "--title", "Boot verifier accepts truncated signatures", "--severity", "high",
            "--hardware-class", "esp32-devkit", "--affected", "1.1.0", "--affected", "1.2.0", "--fixed-in", "1.2.1");
        var bad = Cli.Expect(ExitCodes.Usage, "advisories", "add", "--id", "ESA-2026-002", "--title", "t", "--severity", "high",
            "--hardware-class", "esp32-devkit", "--affected", "1.3.0", "--fixed-in", "1.2.1");
        var again = Cli.Expect(ExitCodes.Failed, "advisories", "add", "--id", "ESA-2026-001", "--title", "t", "--severity", "low",
            "--hardware-class", "esp32-devkit", "--affected", "1.0.0", "--fixed-in", "1.2.1");
        var text = Cli.Ok("advisories", "list");
        var json = Cli.Ok("advisories", "list", "--json");

        Assert.Contains("Recorded ESA-2026-001 HIGH esp32-devkit", added.Output, StringComparison.Ordinal);
        Assert.Contains("1.3.0 is not older than the fixed-in version 1.2.1", bad.Error, StringComparison.Ordinal);
        Assert.Contains("already recorded", again.Error, StringComparison.Ordinal);
        Assert.Equal("ESA-2026-001 HIGH esp32-devkit: Boot verifier accepts truncated signatures (affected 1.1.0, 1.2.0; fixed in 1.2.1)", text.Output.Split('\n')[0]);
        var listed = Assert.Single(JsonDocument.Parse(json.Output).RootElement.EnumerateArray());
        Assert.Equal("psirt", listed.GetProperty("createdBy").GetString());
        Assert.Single(await Store.ListAdvisoriesAsync(CancellationToken.None));
    }

    [Fact]
    [Trait("Requirement", "SR-MET-009")]
    public async Task The_monthly_report_in_markdown_and_json_counts_the_scripted_fleet()
    {
        await FleetOfTwoAsync();
        Cli.Ok("advisories", "add", "--id", "ESA-2026-001", "--title", "Boot verifier | accepts truncated signatures", "--severity", "high",
            "--hardware-class", "esp32-devkit", "--affected", "1.2.0", "--fixed-in", "1.2.1");

        var markdown = Cli.Ok("report", "--month", "2026-11");
        var written = Cli.Ok("report", "--month", "2026-11", "--format", "json", "--out", "@november.json");
        var exists = Cli.Expect(ExitCodes.Failed, "report", "--month", "2026-11", "--out", "@november.json");
        var october = JsonDocument.Parse(Cli.Ok("report", "--month", "2026-10", "--format", "json").Output).RootElement;
        var badMonth = Cli.Expect(ExitCodes.Usage, "report", "--month", "2026-13");

        Assert.StartsWith("# Product security programme report: November 2026\n", markdown.Output, StringComparison.Ordinal);
        Assert.Contains("Period 2026-11-01 00:00Z to 2026-12-01 00:00Z", markdown.Output, StringComparison.Ordinal);
        Assert.Contains("* **1** device(s) in the field run a version named by an advisory and not its fix.", markdown.Output, StringComparison.Ordinal);
        Assert.Contains("| ESA-2026-001: Boot verifier \\| accepts truncated signatures | high | esp32-devkit | 1.2.0 | 1.2.1 | 1 |", markdown.Output, StringComparison.Ordinal);
        Assert.Contains("| acknowledged | 1 | 30 min | 30 min |", markdown.Output, StringComparison.Ordinal);
        Assert.Contains("| resolved | 0 | no data | no data |", markdown.Output, StringComparison.Ordinal);
        Assert.Contains("| integrity | 1 |", markdown.Output, StringComparison.Ordinal);
        Assert.Contains("failure rate no data", markdown.Output, StringComparison.Ordinal);

        Assert.Contains("november.json", written.Output, StringComparison.Ordinal);
        var report = JsonDocument.Parse(await File.ReadAllTextAsync(Cli.Path("november.json"))).RootElement;
        Assert.Equal(1, report.GetProperty("vulnerable").GetProperty("devices").GetInt32());
        Assert.Equal((2, 2, 0), (report.GetProperty("fleet").GetProperty("devices").GetInt32(), report.GetProperty("fleet").GetProperty("reporting").GetInt32(), report.GetProperty("fleet").GetProperty("silent").GetInt32()));
        Assert.Equal(30.0, report.GetProperty("alertResponse").GetProperty("medianMinutesToAcknowledge").GetDouble());
        Assert.Contains("--force", exists.Error, StringComparison.Ordinal);

        // The devices were enrolled on 9 November: October had no fleet and no alerts.
        Assert.Equal(0, october.GetProperty("fleet").GetProperty("devices").GetInt32());
        Assert.Equal(JsonValueKind.Null, october.GetProperty("alertResponse").GetProperty("medianMinutesToAcknowledge").ValueKind);
        Assert.Contains("2026-13", badMonth.Error, StringComparison.Ordinal);
    }
}
