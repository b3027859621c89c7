using System.Diagnostics;
using System.Globalization;
using EdgeSecurity.Host.Tests.Support;

namespace EdgeSecurity.Host.Tests.Hardening;

/// <summary>
/// What the host writes (database, broker configuration, ACL, broker persistence) is readable by the host's
/// user only. Modes are read with stat(1), not through the .NET API the host itself uses to set them.
/// </summary>
[Collection(HostTestCollection.Name)]
public sealed class FileModeTests(TestFleet fleet)
{
    [Fact]
    [Trait("Requirement", "SR-EVT-HOST-013")]
    public async Task Everything_the_host_writes_is_owner_only()
    {
        var options = HostFactory.Options(fleet);
        string data = options.DataDirectory;
        string broker = Path.Combine(data, options.Broker.DataDirectory);
        await using (var host = await HostFactory.StartAsync(options))
        {
            // A device's upload makes SQLite create its write-ahead log and shared-memory files.
            await using var device = await UploadingDevice.ConnectAsync(fleet, "dev-a", host.BrokerPort);
            device.RecordHeartbeats(3);
            Assert.True(await device.UploadAllAsync(TimeSpan.FromSeconds(20)));

            Assert.Equal("700", await ModeAsync(data));
            Assert.Equal("700", await ModeAsync(broker));
            foreach (string file in new[] { "edgesec.db", "edgesec.db-wal", "edgesec.db-shm" })
            {
                Assert.Equal("600", await ModeAsync(Path.Combine(data, file)));
            }

            foreach (string file in new[] { "mosquitto.conf", "acl" })
            {
                Assert.Equal("600", await ModeAsync(Path.Combine(broker, file)));
            }
        }

        // mosquitto writes its persistence file when it stops.
        Assert.Equal("600", await ModeAsync(Path.Combine(broker, "mosquitto.db")));
    }

    [Fact]
    [Trait("Requirement", "SR-EVT-HOST-013")]
    public async Task An_existing_world_readable_database_and_folder_are_tightened_at_start()
    {
        var options = HostFactory.Options(fleet);
        string data = options.DataDirectory;
        Directory.CreateDirectory(data);
        string database = Path.Combine(data, "edgesec.db");
        await File.WriteAllBytesAsync(database, []);
        await RunAsync("chmod", "755", data);
        await RunAsync("chmod", "644", database);

        await using (await HostFactory.StartAsync(options))
        {
            Assert.Equal("700", await ModeAsync(data));
            Assert.Equal("600", await ModeAsync(database));
        }
    }

    private static Task<string> ModeAsync(string path) => RunAsync("stat", "-c", "%a", path);

    private static async Task<string> RunAsync(string command, params string[] arguments)
    {
        var start = new ProcessStartInfo(command, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        string output = await process.StandardOutput.ReadToEndAsync();
        string error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, string.Create(CultureInfo.InvariantCulture, $"{command} {string.Join(' ', arguments)}: {error}"));
        return output.Trim();
    }
}
