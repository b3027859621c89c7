using System.Text.Json;
using EdgeSecurity.Cli.Infrastructure;
using EdgeSecurity.Host.Storage.Model;

namespace EdgeSecurity.Cli.Tests;

/// <summary>`edgesec device posture` reads the whole fleet from a real host by following the device list's cursors.</summary>
public sealed class DevicePostureCommandTests() : RealHostCommandTests("fleet-report", "viewer")
{
    [Fact]
    public async Task Every_device_is_listed_once_in_id_order_across_pages_as_text_and_as_json_lines()
    {
        var ids = Enumerable.Range(0, 7).Select(i => $"dev-{i:D2}").ToList();
        foreach (var id in ids)
        {
            await Store.UpsertDeviceAsync(new DeviceRecord(id, id == "dev-03" ? DeviceStatus.Revoked : DeviceStatus.Active, "esp32", 1, null, null, "1.2.0", id == "dev-03" ? 5 : null), CancellationToken.None);
        }

        await Store.CommitAsync(
            new IngestBatch([new SecurityEventRecord("dev-05", 1, 1, 1, true, 1, 0x0102, "integrity-check", 4, """{"1":3,"3":"app.json"}""", [1], [1], 1_800_000_000_000)], []),
            CancellationToken.None);

        // Pages of 3: the command must follow two cursors to reach all seven.
        var text = Cli.Ok("device", "posture", "--page-size", "3");
        var json = Cli.Ok("device", "posture", "--page-size", "3", "--json");
        var badSize = Cli.Expect(ExitCodes.Usage, "device", "posture", "--page-size", "0");

        var lines = text.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(ids, lines.Take(7).Select(l => l.Split(' ')[0]));
        Assert.Equal("7 device(s).", lines[7]);
        Assert.Matches(@"^dev-03\s+revoked\s+esp32\s+1\.2\.0\s+integrity unknown", lines[3]);
        Assert.Matches(@"^dev-05\s+active\s+esp32\s+1\.2\.0\s+integrity violated\s+containment none\s+last seen never$", lines[5]);
        var objects = json.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(ids, objects.Select(o => o.GetProperty("deviceId").GetString()));
        Assert.Equal("violated", objects[5].GetProperty("posture").GetProperty("integrity").GetString());
        Assert.Contains("--page-size 0", badSize.Error, StringComparison.Ordinal);
    }
}
