using System.Globalization;
using EdgeSecurity.Host.Ingest;
using EdgeSecurity.Host.Storage;
using EdgeSecurity.Host.Storage.Model;

namespace EdgeSecurity.Host.Api;

/// <summary>The read API (docs/api.md): devices, events, alerts, alert status changes, health.</summary>
public static class ApiEndpoints
{
    public static void MapEdgeSecurityApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", HealthAsync);

        var viewer = app.MapGroup("/api/v1").AddEndpointFilter(new RequireRoleFilter(ApiRole.Viewer));
        viewer.MapGet("/devices", async (ITelemetryStore store, CancellationToken ct) => Results.Ok(await store.ListDevicesAsync(ct)));
        viewer.MapGet("/devices/{id}", GetDeviceAsync);
        viewer.MapGet("/events", QueryEventsAsync);
        viewer.MapGet("/alerts", QueryAlertsAsync);

        app.MapGroup("/api/v1").AddEndpointFilter(new RequireRoleFilter(ApiRole.Analyst))
            .MapPost("/alerts/{id:long}/status", SetAlertStatusAsync);
    }

    private static async Task<IResult> HealthAsync(ITelemetryStore store, IngestService ingest, CancellationToken ct)
    {
        var storeOk = true;
        try
        {
            await store.PingAsync(ct);
        }
        catch (System.Data.Common.DbException)
        {
            storeOk = false;
        }

        var healthy = storeOk && ingest.IsConnected;
        var body = new { status = healthy ? "ok" : "degraded", storage = store.Provider, storageReachable = storeOk, brokerConnected = ingest.IsConnected };
        return healthy ? Results.Ok(body) : Results.Json(body, statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task<IResult> GetDeviceAsync(string id, ITelemetryStore store, CancellationToken ct) =>
        await store.GetDeviceAsync(id, ct) is { } device
            ? Results.Ok(device)
            : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown device", detail: $"No device '{id}' is enrolled.");

    private static async Task<IResult> QueryEventsAsync(
        ITelemetryStore store,
        string? device,
        string? type,
        int? minSeverity,
        string? from,
        string? to,
        string? cursor,
        int? limit,
        CancellationToken ct)
    {
        try
        {
            var query = new EventQuery(device, ParseType(type), minSeverity, ParseTime(from, nameof(from)), ParseTime(to, nameof(to)), cursor, limit ?? 100);
            return Results.Ok(await store.QueryEventsAsync(query, ct));
        }
        catch (ArgumentException e)
        {
            return BadRequest(e);
        }
    }

    private static async Task<IResult> QueryAlertsAsync(ITelemetryStore store, string? device, string? rule, string? status, string? cursor, int? limit, CancellationToken ct)
    {
        try
        {
            var query = new AlertQuery(device, rule, status is null ? null : ParseStatus(status), cursor, limit ?? 100);
            return Results.Ok(await store.QueryAlertsAsync(query, ct));
        }
        catch (ArgumentException e)
        {
            return BadRequest(e);
        }
    }

    private static async Task<IResult> SetAlertStatusAsync(long id, AlertStatusChange change, ITelemetryStore store, TimeProvider time, CancellationToken ct)
    {
        AlertStatus status;
        try
        {
            status = ParseStatus(change?.Status ?? throw new ArgumentException("The body must be {\"status\": \"open|acknowledged|closed\"}."));
            if (status == AlertStatus.Resolved)
            {
                throw new ArgumentException("Alert status 'resolved' is set only by the host when the condition ended: use open, acknowledged or closed.");
            }
        }
        catch (ArgumentException e)
        {
            return BadRequest(e);
        }

        return await store.SetAlertStatusAsync(id, status, time.GetUtcNow().ToUnixTimeMilliseconds(), ct)
            ? Results.NoContent()
            : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown alert", detail: $"No alert with id {id}.");
    }

    private static IResult BadRequest(ArgumentException e) =>
        Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid request", detail: e.Message.Split(" (Parameter", 2)[0]);

    private static AlertStatus ParseStatus(string status) =>
        Enum.TryParse<AlertStatus>(status, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(status, out _)
            ? parsed
            : throw new ArgumentException($"Unknown alert status '{status}': use open, acknowledged, closed or resolved.");

    // An event type as number (258, 0x0102) or catalogue name (integrity-check).
    private static int? ParseType(string? type)
    {
        if (type is null)
        {
            return null;
        }

        if (int.TryParse(type, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            || (type.StartsWith("0x", StringComparison.OrdinalIgnoreCase) && int.TryParse(type.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out number)))
        {
            return number;
        }

        return EventCatalogue.TypeOf(type) ?? throw new ArgumentException($"Unknown event type '{type}': use a number (258, 0x0102) or a catalogue name (integrity-check).");
    }

    // Received-at bounds: Unix milliseconds or an ISO 8601 timestamp.
    private static long? ParseTime(string? value, string name)
    {
        if (value is null)
        {
            return null;
        }

        if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var ms))
        {
            return ms;
        }

        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time.ToUnixTimeMilliseconds()
            : throw new ArgumentException($"Invalid '{name}' time '{value}': use Unix milliseconds or ISO 8601 (2026-11-22T03:00:00Z).");
    }
}

/// <summary>Body of POST /api/v1/alerts/{id}/status.</summary>
public sealed record AlertStatusChange(string? Status);
