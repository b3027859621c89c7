using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using EdgeSecurity.TestSupport;

namespace EdgeSecurity.EndToEnd.Tests.Support;

/// <summary>The host's OTA API as the end-to-end scenarios drive it: upload, create a campaign, follow it.</summary>
internal static class OtaApi
{
    public static readonly TimeSpan CampaignTimeout = TimeSpan.FromSeconds(45);

    /// <summary>Host arguments an OTA scenario needs: the fleet's trust root and quick offer rounds.</summary>
    public static string[] HostArguments(EndToEndFleet fleet) =>
    [
        $"--EdgeSecurity:Ota:TrustRootFile={fleet.TrustRootPath}",
        "--EdgeSecurity:Ota:OfferInterval=00:00:00.500",
    ];

    /// <summary>Uploads a bundle the host must accept as new; returns its id.</summary>
    public static async Task<string> UploadAsync(EndToEndRun run, byte[] bundle) =>
        (await UploadNewAsync(run, "/api/v1/ota/bundles", bundle)).GetProperty("id").GetString()!;

    /// <summary>Uploads a signed trust root the host must accept as a rotation of its current one; returns its version.</summary>
    public static async Task<long> UploadRootAsync(EndToEndRun run, byte[] trustRoot) =>
        (await UploadNewAsync(run, "/api/v1/ota/roots", trustRoot)).GetProperty("version").GetInt64();

    public static Task<long> CreateCampaignAsync(EndToEndRun run, string bundleId, string[] waves, int failureThreshold = 1) =>
        CreateCampaignAsync(run, bundleId, null, waves, failureThreshold);

    public static Task<long> CreateRootCampaignAsync(EndToEndRun run, long rootVersion, string[] waves) =>
        CreateCampaignAsync(run, null, rootVersion, waves, 1);

    public static async Task<JsonElement> PostAsync(EndToEndRun run, string path)
    {
        using var response = await run.Host.Http.PostAsync(new Uri(path, UriKind.Relative), null);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static async Task<JsonElement> UploadNewAsync(EndToEndRun run, string path, byte[] bytes)
    {
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var response = await run.Host.Http.PostAsync(new Uri(path, UriKind.Relative), content);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"upload to {path}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static async Task<long> CreateCampaignAsync(EndToEndRun run, string? bundleId, long? rootVersion, string[] waves, int failureThreshold)
    {
        var request = new
        {
            bundleId,
            rootVersion,
            deviceIds = run.Devices!.Devices.Select(d => d.DeviceId).ToArray(), // the simulator's first N packages (ordinal order)
            waves,
            failureThreshold,
        };
        using var response = await run.Host.Http.PostAsJsonAsync(new Uri("/api/v1/ota/campaigns", UriKind.Relative), request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"campaign: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetInt64();
    }

    /// <summary>Polls the campaign (every snapshot kept in <paramref name="snapshots"/>) until <paramref name="until"/> holds; fails after <paramref name="timeout"/> (default <see cref="CampaignTimeout"/>).</summary>
    public static async Task<JsonElement> WaitForCampaignAsync(EndToEndRun run, long campaign, Func<JsonElement, bool> until, List<JsonElement> snapshots, TimeSpan? timeout = null)
    {
        var clock = Stopwatch.StartNew();
        JsonElement current;
        do
        {
            current = await GetJsonAsync(run, $"/api/v1/ota/campaigns/{campaign}");
            snapshots.Add(current);
            if (until(current))
            {
                return current;
            }

            await Task.Delay(250);
        }
        while (clock.Elapsed < (timeout ?? CampaignTimeout));

        Assert.Fail("the campaign did not finish in time: " + Describe(run, current));
        return current;
    }

    public static async Task<JsonElement> GetJsonAsync(EndToEndRun run, string path)
    {
        var body = await run.Host.Http.GetStringAsync(new Uri(path, UriKind.Relative));
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public static Task<bool> WaitUntilAsync(Func<bool> condition, TimeSpan timeout) =>
        Eventually.WithinAsync(timeout, condition, TimeSpan.FromMilliseconds(200));

    public static string Describe(EndToEndRun run, JsonElement campaign) =>
        campaign.ToString()
        + "\ndevices: " + string.Join("; ", run.Devices!.Devices.Select(d => $"{d.DeviceId} connected {d.Statistics().Connected} reboots {d.Statistics().Reboots} phase {d.OtaPhase} reports {d.Runtime?.Updates?.Reporter.Published} inbox dropped {d.Runtime?.Updates?.Inbox.Dropped}"))
        + "\nhost log:\n" + EndToEndRun.Tail(run.Host.Log);
}
