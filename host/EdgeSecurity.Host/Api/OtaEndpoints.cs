using System.Text.RegularExpressions;
using EdgeSecurity.Host.Configuration;
using EdgeSecurity.Host.Ota;
using EdgeSecurity.Host.Storage;
using EdgeSecurity.Host.Storage.Model;
using Microsoft.Extensions.Options;

namespace EdgeSecurity.Host.Api;

/// <summary>
/// The OTA API (docs/api.md, "OTA"): viewers read bundles, roots, campaigns and the audit; operators upload,
/// tag devices, set minimum counters and run campaigns. Every refusal is a ProblemDetails naming the problem
/// (for uploads, <c>failure</c> is the core's failure name) and changes nothing.
/// </summary>
public static partial class OtaEndpoints
{
    public const int MaxTagsPerDevice = 16;

    public static void MapOtaApi(this IEndpointRouteBuilder app)
    {
        var viewer = app.MapGroup("/api/v1").RequireApiRole(ApiRole.Viewer).AddEndpointFilter(new OtaProblemFilter());
        viewer.MapGet("/ota/bundles", async (ITelemetryStore store, CancellationToken ct) => Results.Ok(await store.Ota.ListBundlesAsync(ct)));
        viewer.MapGet("/ota/bundles/{id}", GetBundleAsync);
        viewer.MapGet("/ota/roots", async (ITelemetryStore store, CancellationToken ct) => Results.Ok(await store.Ota.ListTrustRootsAsync(ct)));
        viewer.MapGet("/ota/minimum-counters", async (ITelemetryStore store, CancellationToken ct) => Results.Ok(await store.Ota.ListMinimumCountersAsync(ct)));
        viewer.MapGet("/ota/campaigns", async (ITelemetryStore store, CancellationToken ct) => Results.Ok((await store.Ota.ListCampaignsAsync(ct)).Select(CampaignView.Of)));
        viewer.MapGet("/ota/campaigns/{id:long}", async (long id, CampaignService campaigns, CancellationToken ct) => Results.Ok(CampaignView.Of(await campaigns.GetAsync(id, ct))));
        viewer.MapGet("/ota/campaigns/{id:long}/devices", async (long id, CampaignService campaigns, CancellationToken ct) =>
            Results.Ok((await campaigns.GetAsync(id, ct)).Devices.Select(CampaignDeviceView.Of)));
        viewer.MapGet("/ota/audit", QueryAuditAsync);
        viewer.MapGet("/devices/{id}/tags", GetTagsAsync);

        var @operator = app.MapGroup("/api/v1").RequireApiRole(ApiRole.Operator).AddEndpointFilter(new OtaProblemFilter());
        @operator.MapPost("/ota/bundles", UploadBundleAsync);
        @operator.MapPost("/ota/roots", UploadRootAsync);
        @operator.MapPut("/ota/minimum-counters/{hardwareClass}", SetMinimumCounterAsync);
        @operator.MapPut("/devices/{id}/tags", SetTagsAsync);
        @operator.MapPost("/ota/campaigns", CreateCampaignAsync);
        @operator.MapPost("/ota/campaigns/{id:long}/pause", async (long id, HttpContext http, CampaignService campaigns, CancellationToken ct) =>
            Results.Ok(CampaignView.Of(await campaigns.PauseAsync(id, ApiCaller.Of(http).Name, ct))));
        @operator.MapPost("/ota/campaigns/{id:long}/resume", async (long id, HttpContext http, CampaignService campaigns, CancellationToken ct) =>
            Results.Ok(CampaignView.Of(await campaigns.ResumeAsync(id, ApiCaller.Of(http).Name, ct))));
        @operator.MapPost("/ota/campaigns/{id:long}/abort", async (long id, HttpContext http, CampaignService campaigns, CancellationToken ct) =>
            Results.Ok(CampaignView.Of(await campaigns.AbortAsync(id, ApiCaller.Of(http).Name, ct))));
    }

    private static async Task<IResult> GetBundleAsync(string id, ITelemetryStore store, CancellationToken ct) =>
        await store.Ota.GetBundleAsync(id.ToLowerInvariant(), ct) is { } bundle
            ? Results.Ok(bundle)
            : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown bundle", detail: $"No bundle with id {id}.");

    private static async Task<IResult> UploadBundleAsync(HttpContext http, BundleUploads uploads, IOptions<EdgeSecurityHostOptions> options, string? hardwareClass, CancellationToken ct)
    {
        var bytes = await ReadBodyAsync(http, options.Value.Ota.MaxBundleBytes, "bundle", ct);
        var (bundle, created) = await uploads.UploadAsync(bytes, hardwareClass, ApiCaller.Of(http).Name, ct);
        return created ? Results.Created($"/api/v1/ota/bundles/{bundle.Id}", bundle) : Results.Ok(bundle);
    }

    private static async Task<IResult> UploadRootAsync(HttpContext http, TrustRootUploads uploads, CancellationToken ct)
    {
        var bytes = await ReadBodyAsync(http, Firmware.Core.Trust.TrustRoot.MaxEncodedLength * 2, "trust root", ct);
        var (root, created) = await uploads.UploadAsync(bytes, ApiCaller.Of(http).Name, ct);
        return created ? Results.Created($"/api/v1/ota/roots/{root.Version}", root) : Results.Ok(root);
    }

    private static async Task<IResult> SetMinimumCounterAsync(string hardwareClass, MinimumCounterChange? change, HttpContext http, ITelemetryStore store, TimeProvider time, CancellationToken ct)
    {
        if (change?.Minimum is not { } minimum || minimum is < 0 or > Firmware.Core.Bundles.Manifest.MaxSecurityCounter)
        {
            throw OtaRequestException.BadRequest($"The body must be {{\"minimum\": N}} with N in 0..{Firmware.Core.Bundles.Manifest.MaxSecurityCounter}.");
        }

        var previous = await store.Ota.GetMinimumCounterAsync(hardwareClass, ct);
        var caller = ApiCaller.Of(http).Name;
        await store.Ota.SetMinimumCounterAsync(
            hardwareClass,
            minimum,
            new OtaAuditEntry(time.GetUtcNow().ToUnixTimeMilliseconds(), caller, "minimum-counter.set", $"class {hardwareClass}", $"{previous} -> {minimum}"),
            ct);
        return Results.Ok(new { hardwareClass, minimum });
    }

    private static async Task<IResult> GetTagsAsync(string id, ITelemetryStore store, CancellationToken ct) =>
        await store.GetDeviceAsync(id, ct) is null
            ? Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown device", detail: $"No device '{id}' is enrolled.")
            : Results.Ok(new { deviceId = id, tags = await store.Ota.GetDeviceTagsAsync(id, ct) });

    private static async Task<IResult> SetTagsAsync(string id, DeviceTagsChange? change, HttpContext http, ITelemetryStore store, TimeProvider time, CancellationToken ct)
    {
        if (await store.GetDeviceAsync(id, ct) is null)
        {
            throw OtaRequestException.NotFound("Unknown device", $"No device '{id}' is enrolled.");
        }

        var tags = (change?.Tags ?? throw OtaRequestException.BadRequest("The body must be {\"tags\": [\"tag\", ...]} (an empty list removes all tags)."))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (tags.Count > MaxTagsPerDevice)
        {
            throw OtaRequestException.BadRequest($"A device has at most {MaxTagsPerDevice} tags; {tags.Count} were given.");
        }

        if (tags.FirstOrDefault(t => !TagPattern().IsMatch(t)) is { } bad)
        {
            throw OtaRequestException.BadRequest($"Invalid tag '{bad}': 1 to 32 characters of a-z, 0-9, '-', '_', '.', ':'.");
        }

        await store.Ota.SetDeviceTagsAsync(
            id,
            tags,
            new OtaAuditEntry(time.GetUtcNow().ToUnixTimeMilliseconds(), ApiCaller.Of(http).Name, "device.tags", $"device {id}", tags.Count == 0 ? "(none)" : string.Join(",", tags)),
            ct);
        return Results.Ok(new { deviceId = id, tags });
    }

    private static async Task<IResult> CreateCampaignAsync(CampaignRequest? request, HttpContext http, CampaignService campaigns, CancellationToken ct)
    {
        var campaign = await campaigns.CreateAsync(request ?? throw OtaRequestException.BadRequest("The body must be a campaign (docs/api.md)."), ApiCaller.Of(http).Name, ct);
        return Results.Created($"/api/v1/ota/campaigns/{campaign.Definition.Id}", CampaignView.Of(campaign));
    }

    private static async Task<IResult> QueryAuditAsync(ITelemetryStore store, string? cursor, int? limit, CancellationToken ct)
    {
        try
        {
            return Results.Ok(await store.Ota.QueryAuditAsync(cursor, limit ?? 100, ct));
        }
        catch (ArgumentException e)
        {
            throw OtaRequestException.BadRequest(e.Message.Split(" (Parameter", 2)[0]);
        }
    }

    private static async Task<byte[]> ReadBodyAsync(HttpContext http, int maxBytes, string what, CancellationToken ct)
    {
        if (http.Request.ContentLength > maxBytes)
        {
            throw new OtaRequestException(StatusCodes.Status413PayloadTooLarge, "Too large", $"The {what} is {http.Request.ContentLength} bytes; this host accepts at most {maxBytes} (Ota:MaxBundleBytes).");
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await http.Request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                throw new OtaRequestException(StatusCodes.Status413PayloadTooLarge, "Too large", $"The {what} is larger than {maxBytes} bytes, the most this host accepts (Ota:MaxBundleBytes).");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.Length == 0
            ? throw OtaRequestException.BadRequest($"The request body is empty: send the {what} file's bytes (Content-Type: application/octet-stream).", "Malformed")
            : buffer.ToArray();
    }

    [GeneratedRegex("^[a-z0-9_.:-]{1,32}$")]
    private static partial Regex TagPattern();
}

/// <summary>Body of PUT /api/v1/ota/minimum-counters/{hardwareClass}.</summary>
public sealed record MinimumCounterChange(long? Minimum);

/// <summary>Body of PUT /api/v1/devices/{id}/tags.</summary>
public sealed record DeviceTagsChange(IReadOnlyList<string>? Tags);
