using System.Diagnostics;
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

/// <summary>`edgesec events tail` and `edgesec alerts list | ack | resolve` against a real host (its own mosquitto, SQLite, API).</summary>
public sealed class AnalystCommandTests() : RealHostCommandTests("night-shift", "analyst")
{

    [Fact]
    [Trait("Requirement", "SR-API-011")]
    public async Task Events_tail_prints_the_newest_events_in_words_oldest_first()
    {
        var events = Enumerable.Range(1, 3)
            .Select(i => new SecurityEventRecord(i == 3 ? "dev-b" : "dev-a", i, 1, i, true, i, 0x0102, "integrity-check", 4, """{"1":1,"2":"digest differs","3":"app.json","4":1}""", [(byte)i], [1], 1_800_000_000_000 + i))
            .ToList();
        await Store.CommitAsync(new IngestBatch(events, []), CancellationToken.None);

        var text = Cli.Ok("events", "tail", "--device", "dev-a");
        var json = Cli.Ok("events", "tail", "-n", "1", "--json");

        var lines = text.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Equal("2027-01-15 08:00:00Z dev-a #1 CRITICAL integrity-check resultCode=1 reason=digest differs subject=app.json mismatches=1", lines[0]);
        Assert.Contains("#2", lines[1], StringComparison.Ordinal);
        Assert.Equal("dev-b", JsonDocument.Parse(json.Output).RootElement.GetProperty("deviceId").GetString());
    }

    [Fact]
    [Trait("Requirement", "SR-API-011")]
    public async Task Alerts_are_listed_acknowledged_and_resolved_and_the_audit_log_names_the_token()
    {
        var id = await Store.InsertAlertAsync(new AlertRecord("integrity-violation", "dev-a", 4, "Integrity violation", "app.json digest differs", AlertStatus.New, 1_800_000_000_000, 1_800_000_000_000, [1]), CancellationToken.None);

        var list = Cli.Ok("alerts", "list", "--status", "new");
        var listJson = JsonDocument.Parse(Cli.Ok("alerts", "list", "--json").Output).RootElement;
        var ack = Cli.Ok("alerts", "ack", id.ToString(System.Globalization.CultureInfo.InvariantCulture), "--note", "looking");
        var again = Cli.Expect(ExitCodes.Failed, "alerts", "ack", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var resolved = Cli.Ok("alerts", "resolve", id.ToString(System.Globalization.CultureInfo.InvariantCulture), "--false-positive", "--json");
        var badStatus = Cli.Expect(ExitCodes.Usage, "alerts", "list", "--status", "closed");

        Assert.Equal($"#{id} 2027-01-15 08:00Z new CRITICAL dev-a: Integrity violation - app.json digest differs", list.Output.Split('\n')[0]);
        Assert.Equal(id, listJson[0].GetProperty("id").GetInt64());
        Assert.Equal("critical", listJson[0].GetProperty("severity").GetString());
        Assert.Contains("acknowledged", ack.Output, StringComparison.Ordinal);
        Assert.Contains("already acknowledged", again.Error, StringComparison.Ordinal);
        Assert.Equal("false-positive", JsonDocument.Parse(resolved.Output).RootElement.GetProperty("status").GetString());
        Assert.Contains("'closed'", badStatus.Error, StringComparison.Ordinal);
        var audit = await Store.GetAlertAuditAsync(id, CancellationToken.None);
        Assert.Equal([("night-shift", "acknowledged", "looking"), ("night-shift", "false-positive", null)], audit.Select(a => (a.Actor, a.NewValue, a.Note)));
    }

    [Fact]
    [Trait("Requirement", "SR-API-011")]
    public void Without_a_token_or_with_a_wrong_one_the_commands_say_what_to_do()
    {
        Cli.SetEnvironment("EDGESEC_TOKEN", "");
        var missing = Cli.Expect(ExitCodes.Usage, "alerts", "list");
        Cli.SetEnvironment("EDGESEC_TOKEN", "wrong");
        var wrong = Cli.Expect(ExitCodes.HostUnavailable, "events", "tail");

        Assert.Contains("EDGESEC_TOKEN", missing.Error, StringComparison.Ordinal);
        Assert.Contains("refused the API token", wrong.Error, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Requirement", "SR-CLI-005")]
    public void Analyst_and_ota_commands_take_one_option_set_and_the_old_names_still_work()
    {
        // The current names, from the environment: both command families reach the same host.
        Assert.Contains("0 alert(s)", Cli.Ok("alerts", "list").Output, StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Array, JsonDocument.Parse(Cli.Ok("ota", "bundles", "--json").Output).RootElement.ValueKind);

        // The names the OTA commands had first: --api, EDGESEC_API_URL, EDGESEC_API_TOKEN.
        var url = ApiHost.BaseAddress.ToString();
        Cli.SetEnvironment("EDGESEC_URL", "");
        Cli.SetEnvironment("EDGESEC_TOKEN", "");
        Cli.SetEnvironment("EDGESEC_API_URL", url);
        Cli.SetEnvironment("EDGESEC_API_TOKEN", Token);
        Cli.Ok("alerts", "list");
        Cli.SetEnvironment("EDGESEC_API_URL", "");
        Cli.Ok("events", "tail", "--api", url);
        Cli.Ok("ota", "bundles", "--url", url);
        Assert.Contains("once", Cli.Expect(ExitCodes.Usage, "alerts", "list", "--url", url, "--api", url).Error, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Requirement", "SR-CLI-005")]
    public void A_refused_role_or_token_is_exit_4_and_a_refused_value_exit_2_for_every_command_family()
    {
        // The token is an analyst's: OTA changes need an operator.
        var role = Cli.Expect(ExitCodes.HostUnavailable, "ota", "min-counter", "set", "esp32-devkit", "3");
        Assert.Contains("operator", role.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, role.Error, StringComparison.Ordinal);

        Cli.SetEnvironment("EDGESEC_TOKEN", "not-a-token");
        foreach (var line in new[] { new[] { "alerts", "list" }, ["events", "tail"], ["ota", "campaign", "list"], ["device", "tag", "dev-a", "lab"] })
        {
            var refused = Cli.Expect(ExitCodes.HostUnavailable, line);
            Assert.Contains("refused the API token", refused.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("not-a-token", refused.Error, StringComparison.Ordinal);
        }

        Cli.SetEnvironment("EDGESEC_TOKEN", Token);
        Assert.Contains("'bogus'", Cli.Expect(ExitCodes.Usage, "alerts", "list", "--status", "bogus").Error, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Requirement", "SR-API-011")]
    public async Task Events_tail_follow_prints_new_events_as_they_arrive_and_ctrl_c_ends_it_cleanly()
    {
        await Store.CommitAsync(new IngestBatch([Event("dev-a", 1)], []), CancellationToken.None);

        // The real executable in its own process: --follow runs until the user presses Ctrl-C (SIGINT).
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "edgesec.dll"), "events", "tail", "--device", "dev-a", "--follow" })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["EDGESEC_URL"] = ApiHost.BaseAddress.ToString();
        start.Environment["EDGESEC_TOKEN"] = Token;
        using var follow = Process.Start(start)!;
        var error = follow.StandardError.ReadToEndAsync();
        try
        {
            Assert.Contains("#1 ", await follow.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60)), StringComparison.Ordinal);
            await Store.CommitAsync(new IngestBatch([Event("dev-b", 1), Event("dev-a", 2)], []), CancellationToken.None);
            Assert.Contains("dev-a #2 ", await follow.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30)), StringComparison.Ordinal);

            using (var interrupt = Process.Start("kill", ["-INT", follow.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await interrupt.WaitForExitAsync();
            }

            await follow.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal("", (await error).Trim());
            Assert.Equal(ExitCodes.Interrupted, follow.ExitCode);
            Assert.Null(await follow.StandardOutput.ReadLineAsync());
        }
        finally
        {
            if (!follow.HasExited)
            {
                follow.Kill();
            }
        }
    }

    private static SecurityEventRecord Event(string device, long sequence) =>
        new(device, sequence, 1, sequence, true, sequence, 0x0102, "integrity-check", 4, """{"1":1,"2":"digest differs","3":"app.json","4":1}""", [(byte)sequence], [1], 1_800_000_000_000 + sequence);
}
