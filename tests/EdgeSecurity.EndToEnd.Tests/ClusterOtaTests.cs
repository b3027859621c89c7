using System.Diagnostics;
using System.Text.Json;
using EdgeSecurity.EndToEnd.Tests.Support;
using EdgeSecurity.TestSupport;
using Xunit.Abstractions;

namespace EdgeSecurity.EndToEnd.Tests;

/// <summary>
/// OTA on the 3-node RabbitMQ cluster end to end: a signed v2 bundle uploaded through the API, a campaign in
/// two waves over ten simulated devices (the real core) that reach the cluster through the load balancer and
/// are served by two host instances on one PostgreSQL (offers and chunks published to the topic exchange,
/// chunk requests and reports taken from the reports queue by whichever instance). The node under several
/// devices is SIGKILLed while one of them is in the middle of its download: every device resumes through a
/// survivor and ends on the confirmed new bundle, and every event the devices recorded meanwhile is stored once.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class ClusterOtaTests(EndToEndFleet fleet, PostgresServer postgres, ITestOutputHelper output)
{
    private const int Devices = 10;
    private const int KilledNode = 1;
    private static readonly TimeSpan CampaignTimeout = TimeSpan.FromSeconds(180);

    [Fact]
    [Trait("Requirement", "SR-CLU-014")]
    public async Task A_campaign_updates_every_device_through_the_cluster_while_a_node_dies_mid_download()
    {
        await using var run = await EndToEndRun.StartOnClusterAsync(fleet, StoreUnderTest.Postgres(postgres), "cluster-ota", hosts: 2, OtaApi.HostArguments(fleet));
        var devices = await run.StartDevicesAsync(Devices, eventsPerSecond: 2);
        var cluster = run.Cluster!;

        // The devices whose connection the load balancer put on the node to be killed (each node has its own MQTT
        // port), read once the cluster lists every device's connection (a loaded machine lists them late).
        var onKilledNode = await ClientsOnNodeAsync(run, KilledNode, TimeSpan.FromSeconds(60));
        Assert.NotEmpty(onKilledNode);

        var bundleId = await OtaApi.UploadAsync(run, run.Fleet.Release.Updates[0]);
        var campaign = await OtaApi.CreateCampaignAsync(run, bundleId, ["1", "100%"]);

        // Kill the node as soon as one of its devices holds part of the bundle, verified, and not all of it.
        var clock = Stopwatch.StartNew();
        string? cut = null;
        while (cut is null && clock.Elapsed < CampaignTimeout)
        {
            cut = onKilledNode.FirstOrDefault(id => devices[id].Runtime?.Updates?.Download is { IsComplete: false, PresentChunks: > 0 });
            if (cut is null)
            {
                await Task.Delay(10);
            }
        }

        Assert.True(cut is not null, "no device on the node to kill started its download: " + OtaApi.Describe(run, await OtaApi.GetJsonAsync(run, $"/api/v1/ota/campaigns/{campaign}")));
        int chunksAtKill = devices[cut].Runtime!.Updates!.Download!.PresentChunks;
        await cluster.KillAsync(KilledNode);
        var killedAt = clock.Elapsed;

        // Its connection broke, mid-download, and it comes back through a survivor.
        Assert.True(await OtaApi.WaitUntilAsync(() => !devices[cut].Statistics().Connected, TimeSpan.FromSeconds(15)), $"{cut} kept its connection to the killed node");
        Assert.True(await devices.WaitUntilConnectedAsync(TimeSpan.FromSeconds(60)), "devices did not reconnect to the surviving nodes");

        var done = await OtaApi.WaitForCampaignAsync(run, campaign, c => c.GetProperty("status").GetString() != "running", [], CampaignTimeout);
        var completedAt = clock.Elapsed;
        Assert.True(done.GetProperty("status").GetString() == "completed", OtaApi.Describe(run, done));
        Assert.Equal(Devices, done.GetProperty("counts").GetProperty("confirmed").GetInt32());
        var states = await OtaApi.GetJsonAsync(run, $"/api/v1/ota/campaigns/{campaign}/devices");
        Assert.All(states.EnumerateArray(), d => Assert.Equal("confirmed", d.GetProperty("state").GetString()));

        // Every device runs v2, confirmed (not a trial), with v2's anti-rollback counter.
        foreach (var device in devices.Devices)
        {
            var runtime = device.Runtime!;
            Assert.False(runtime.Decision.IsTrial, device.DeviceId);
            Assert.StartsWith("2.", runtime.Decision.Report.Version, StringComparison.Ordinal);
            Assert.Equal(2, runtime.Decision.Report.ConfirmedCounter);
        }

        // The node comes back; nothing the devices recorded through all of this is lost or stored twice.
        await cluster.RestartAsync(KilledNode);
        await run.DrainAsync(TimeSpan.FromSeconds(120));
        run.AssertStoredExactlyWhatWasRecorded();
        output.WriteLine($"{Devices} devices, {onKilledNode.Count} on node {KilledNode + 1}; {cut} cut at {chunksAtKill} verified chunk(s), {killedAt.TotalSeconds:0.0} s after the campaign started; campaign completed at {completedAt.TotalSeconds:0.0} s");
        output.WriteLine($"offers sent by the {run.Hosts.Count} host instances: {run.Hosts.Sum(h => CountLines(h.Log, "Offered campaign"))}; offers delivered again and ignored by the devices: {devices.Devices.Sum(d => d.Runtime?.Updates?.RedeliveredOffers ?? 0)}; replay refusals: {run.Hosts.Sum(h => CountLines(h.Log, "Refused (replayed offer)"))}");
    }

    private static int CountLines(string log, string text) => log.Split('\n').Count(line => line.Contains(text, StringComparison.Ordinal));

    /// <summary>
    /// The MQTT client ids connected to node <paramref name="node"/>'s listener, once rabbitmqctl list_mqtt_connections
    /// (the cluster's connections) lists every device of the run; fails with the last listing after <paramref name="timeout"/>.
    /// </summary>
    private static async Task<List<string>> ClientsOnNodeAsync(EndToEndRun run, int node, TimeSpan timeout)
    {
        var cluster = run.Cluster!;
        string port = cluster.Nodes[node].MqttPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var deviceIds = run.Devices!.Devices.Select(d => d.DeviceId).ToHashSet(StringComparer.Ordinal);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            string listing = await cluster.CtlAsync(0, "list_mqtt_connections", "--no-table-headers", "--quiet", "client_id", "port");
            var connections = listing.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => line.Split('\t'))
                .Where(fields => fields.Length == 2 && deviceIds.Contains(fields[0].Trim()))
                .Select(fields => (ClientId: fields[0].Trim(), Port: fields[1].Trim()))
                .ToList();
            if (deviceIds.All(id => connections.Any(c => c.ClientId == id)))
            {
                return [.. connections.Where(c => c.Port == port).Select(c => c.ClientId)];
            }

            Assert.True(clock.Elapsed < timeout, $"the cluster did not list every device's connection within {timeout.TotalSeconds:0} s:\n{listing}");
            await Task.Delay(500);
        }
    }
}
