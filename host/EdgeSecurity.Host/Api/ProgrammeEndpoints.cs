using EdgeSecurity.Host.Api.Views;
using EdgeSecurity.Host.Metrics;
using EdgeSecurity.Host.Storage;
using EdgeSecurity.Host.Storage.Model;

namespace EdgeSecurity.Host.Api;

/// <summary>Programme metrics and advisories (docs/api.md, "Programme metrics"; docs/metrics.md).</summary>
public static class ProgrammeEndpoints
{
    /// <summary>The window when the request names none: the last 30 days.</summary>
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromDays(30);

    /// <summary>Longest window one request may ask for (every event in it is read once).</summary>
    public static readonly TimeSpan MaxWindow = TimeSpan.FromDays(400);

    public static void MapProgrammeApi(this IEndpointRouteBuilder app)
    {
        var viewer = app.MapGroup("/api/v1").RequireApiRole(ApiRole.Viewer);
        viewer.MapGet("/metrics/programme", GetMetricsAsync);
        viewer.MapGet("/advisories", ListAdvisoriesAsync);

        var @operator = app.MapGroup("/api/v1").RequireApiRole(ApiRole.Operator);
        @operator.MapPost("/advisories", AddAdvisoryAsync);
    }

    private static async Task<IResult> GetMetricsAsync(HttpRequest request, ITelemetryStore store, TimeProvider time, CancellationToken ct)
    {
        var q = RequestParameters.From(request, "from", "to");
        var (from, to) = ApiValues.TimeRange(q);
        var now = time.GetUtcNow();
        var toMs = to ?? now.ToUnixTimeMilliseconds();
        var fromMs = from ?? toMs - (long)DefaultWindow.TotalMilliseconds;
        if (fromMs >= toMs)
        {
            throw new ApiParameterException("from", $"'from' ({q.Text("from")}) must be before 'to' (default: now).");
        }

        if (toMs - fromMs > (long)MaxWindow.TotalMilliseconds)
        {
            throw new ApiParameterException("from", $"The window from 'from' to 'to' is longer than {MaxWindow.TotalDays} days: ask for a shorter one.");
        }

        var history = await store.LoadProgrammeHistoryAsync(fromMs, toMs, ct);
        return Results.Ok(ProgrammeMetricsCalculator.Compute(history, now));
    }

    private static async Task<IResult> ListAdvisoriesAsync(HttpRequest request, ITelemetryStore store, CancellationToken ct)
    {
        RequestParameters.From(request);
        return Results.Ok((await store.ListAdvisoriesAsync(ct)).Select(AdvisoryView.Of));
    }

    private static async Task<IResult> AddAdvisoryAsync(HttpContext http, ITelemetryStore store, TimeProvider time, CancellationToken ct)
    {
        RequestParameters.From(http.Request);
        var body = await JsonBody.ReadObjectAsync(http.Request, ct);
        var actor = ApiCaller.Of(http).Name;
        var advisory = AdvisoryRequest.Parse(body, actor, time.GetUtcNow().ToUnixTimeMilliseconds());
        var audit = new OtaAuditEntry(
            advisory.CreatedAtMs, actor, "advisory.create", $"advisory {advisory.Id}",
            $"{advisory.Severity} {advisory.HardwareClass} affected {string.Join(",", advisory.AffectedVersions)} fixed in {advisory.FixedIn}");
        return await store.AddAdvisoryAsync(advisory, audit, ct)
            ? Results.Created($"/api/v1/advisories/{advisory.Id}", AdvisoryView.Of(advisory))
            : Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Advisory exists", detail: $"An advisory '{advisory.Id}' is already recorded; advisories are not changed once recorded. Nothing was stored.");
    }
}
