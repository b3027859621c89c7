using EdgeSecurity.Host.Ingest;
using EdgeSecurity.Host.Storage;
using EdgeSecurity.Host.Storage.Model;

namespace EdgeSecurity.Host.Api;

/// <summary>The read API (docs/api.md): devices, events, alerts, alert status changes, health.</summary>
public static class ApiEndpoints
{
    public static void MapEdgeSecurityApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", Health);

        var viewer = app.MapGroup("/api/v1").AddEndpointFilter(new RequireRoleFilter(ApiRole.Viewer));
        viewer.MapGet("/devices", ListDevices);
        viewer.MapGet("/devices/{id}", GetDevice);
        viewer.MapGet("/events", QueryEvents);
        viewer.MapGet("/alerts", QueryAlerts);

        app.MapGroup("/api/v1").AddEndpointFilter(new RequireRoleFilter(ApiRole.Analyst))
            .MapPost("/alerts/{id}/status", SetAlertStatus);
    }

    private static async Task<IResult> Health(HttpRequest request, ITelemetryStore store, IngestService ingest, CancellationToken ct)
    {
        RequestParameters.From(request);
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

    private static async Task<IResult> ListDevices(HttpRequest request, ITelemetryStore store, CancellationToken ct)
    {
        RequestParameters.From(request);
        return Results.Ok(await store.ListDevicesAsync(ct));
    }

    private static async Task<IResult> GetDevice(string id, HttpRequest request, ITelemetryStore store, CancellationToken ct)
    {
        RequestParameters.From(request);
        return await store.GetDeviceAsync(ApiValues.DeviceId("id", id), ct) is { } device
            ? Results.Ok(device)
            : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown device", detail: $"No device '{id}' is enrolled.");
    }

    private static async Task<IResult> QueryEvents(HttpRequest request, ITelemetryStore store, CancellationToken ct)
    {
        var q = RequestParameters.From(request, "device", "type", "minSeverity", "from", "to", "cursor", "limit");
        var from = ApiValues.Time("from", q.Text("from"));
        var to = ApiValues.Time("to", q.Text("to"));
        if (from is not null && to is not null && from >= to)
        {
            throw new ApiParameterException("from", $"'from' ({q.Text("from")}) must be before 'to' ({q.Text("to")}).");
        }

        var query = new EventQuery(
            ApiValues.DeviceId("device", q.Text("device")),
            ApiValues.EventType("type", q.Text("type")),
            ApiValues.Severity("minSeverity", q.Text("minSeverity")),
            from,
            to,
            ApiValues.Cursor("cursor", q.Text("cursor")),
            ApiValues.Limit(q));
        return Results.Ok(await store.QueryEventsAsync(query, ct));
    }

    private static async Task<IResult> QueryAlerts(HttpRequest request, ITelemetryStore store, CancellationToken ct)
    {
        var q = RequestParameters.From(request, "device", "rule", "status", "cursor", "limit");
        var query = new AlertQuery(
            ApiValues.DeviceId("device", q.Text("device")),
            ApiValues.RuleId("rule", q.Text("rule")),
            q.Choice("status", ApiValues.AlertStatuses),
            ApiValues.Cursor("cursor", q.Text("cursor")),
            ApiValues.Limit(q));
        return Results.Ok(await store.QueryAlertsAsync(query, ct));
    }

    private static async Task<IResult> SetAlertStatus(string id, HttpRequest request, ITelemetryStore store, TimeProvider time, CancellationToken ct)
    {
        RequestParameters.From(request);
        var alertId = ParameterValues.Identifier("id", id);
        var body = await JsonBody.ReadObjectAsync(request, ct);
        JsonBody.OnlyFields(body, "status");
        var text = JsonBody.RequiredString(body, "status");
        if (text == "resolved")
        {
            throw new ApiParameterException("status", "Alert status 'resolved' is set only by the host when the condition ended: use open, acknowledged or closed.");
        }

        var status = ParameterValues.Choice("status", text, ApiValues.SettableAlertStatuses);
        return await store.SetAlertStatusAsync(alertId, status, time.GetUtcNow().ToUnixTimeMilliseconds(), ct)
            ? Results.NoContent()
            : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown alert", detail: $"No alert with id {alertId}.");
    }
}
