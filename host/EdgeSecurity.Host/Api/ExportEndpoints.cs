using EdgeSecurity.Host.Export;
using EdgeSecurity.Host.Storage;

namespace EdgeSecurity.Host.Api;

/// <summary>GET /api/v1/export/ocsf: OCSF 1.x NDJSON of a time range, streamed (docs/ocsf.md).</summary>
public static class ExportEndpoints
{
    public static void MapExport(this IEndpointRouteBuilder app) =>
        app.MapGroup("/api/v1/export").RequireApiRole(ApiRole.Operator).MapGet("/ocsf", ExportOcsfAsync);

    private static async Task<IResult> ExportOcsfAsync(HttpContext http, ITelemetryStore store, CancellationToken ct)
    {
        var q = RequestParameters.From(http.Request, "from", "to", "sources");
        var (from, to) = ApiValues.TimeRange(q);
        var sources = Sources(q.Text("sources"));

        // Checked before the first byte: once streaming has begun, an error can no longer become a 400.
        http.Response.ContentType = "application/x-ndjson";
        await OcsfExport.WriteNdjsonAsync(store, http.Response.Body, sources, from, to, ct);
        return Results.Empty;
    }

    private static IReadOnlyList<string> Sources(string? value)
    {
        if (value is null)
        {
            return ExportSources.All;
        }

        var names = value.Split(',');
        foreach (var name in names)
        {
            if (!ExportSources.All.Contains(name))
            {
                throw new ApiParameterException("sources", $"Invalid 'sources' value '{ApiValues.Printable(value)}': a comma-separated list of {string.Join(", ", ExportSources.All)}.");
            }
        }

        return names.Distinct(StringComparer.Ordinal).ToList();
    }
}
