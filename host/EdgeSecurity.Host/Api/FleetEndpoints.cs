using EdgeSecurity.Host.Storage;
using EdgeSecurity.Host.Storage.Model;

namespace EdgeSecurity.Host.Api;

/// <summary>GET /api/v1/fleet/summary: the fleet overview's counts without sending the fleet (docs/api.md, "Fleet summary").</summary>
public static class FleetEndpoints
{
    /// <summary>A device not heard from for this long is silent: heartbeats come every minute or faster.</summary>
    public static readonly TimeSpan SilentAfter = TimeSpan.FromMinutes(5);

    public static void MapFleetApi(this IEndpointRouteBuilder app)
    {
        var viewer = app.MapGroup("/api/v1").RequireApiRole(ApiRole.Viewer);
        viewer.MapGet("/fleet/summary", SummaryAsync);
    }

    private static async Task<IResult> SummaryAsync(HttpRequest request, ITelemetryStore store, TimeProvider time, CancellationToken ct)
    {
        RequestParameters.From(request);
        var now = time.GetUtcNow();
        var summary = await store.SummarizeFleetAsync((now - SilentAfter).ToUnixTimeMilliseconds(), ct);
        return Results.Ok(new
        {
            devices = summary.Devices,
            silentAfterSeconds = (long)SilentAfter.TotalSeconds,
            at = now,
            byHealth = DeviceHealth.All.Select(h => new { health = h, devices = summary.ByHealth[h] }),
            byVersion = summary.ByVersion.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => new { version = NullIfEmpty(p.Key), devices = p.Value }),
            byHardwareClass = summary.ByHardwareClass.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => new { hardwareClass = NullIfEmpty(p.Key), devices = p.Value }),
        });
    }

    private static string? NullIfEmpty(string key) => key.Length == 0 ? null : key;
}
