using EdgeSecurity.Host.Api.Views;
using EdgeSecurity.Host.Ingest;
using EdgeSecurity.Host.Storage;
using EdgeSecurity.Host.Storage.Model;

namespace EdgeSecurity.Host.Api;

/// <summary>The read API (docs/api.md): devices, events, alerts, alert status changes, health.</summary>
public static class ApiEndpoints
{
    public static void MapEdgeSecurityApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", HealthAsync).AllowWithoutToken();

        var viewer = app.MapGroup("/api/v1").RequireApiRole(ApiRole.Viewer);
        viewer.MapGet("/devices", ListDevicesAsync);
        viewer.MapGet("/devices/{id}", GetDeviceAsync);
        viewer.MapGet("/events", QueryEventsAsync);
        viewer.MapGet("/alerts", QueryAlertsAsync);
        viewer.MapGet("/host-events", QueryHostEventsAsync);
        viewer.MapGet("/session", GetSession);

        app.MapAlertTriage();
        app.MapExport();
        app.MapProgrammeApi();
        app.MapFleetApi();
        app.MapAttestationApi();

        var admin = app.MapGroup("/api/v1").RequireApiRole(ApiRole.Admin);
        admin.MapGet("/tokens", ListTokensAsync);
    }

    private static async Task<IResult> HealthAsync(HttpRequest request, ITelemetryStore store, Hosting.IIngestConnection ingest, CancellationToken ct)
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

    // Always a page in device id order, as every other list (docs/api.md "Devices", decision 202): the whole fleet
    // with posture in one answer (5.4 MB at 10,000 devices) cannot answer within an interactive time; a script
    // reads the fleet by following nextCursor.
    private static async Task<IResult> ListDevicesAsync(HttpRequest request, ITelemetryStore store, CancellationToken ct)
    {
        var q = RequestParameters.From(request, "cursor", "limit");
        var page = await store.QueryDevicesAsync(new DeviceQuery(ApiValues.DeviceId("cursor", q.Text("cursor")), ApiValues.Limit(q)), ct);
        var postures = page.Items.Count == 0
            ? new Dictionary<string, DevicePosture>()
            : await store.ListDevicePosturesAsync(page.Items[0].DeviceId, page.Items[^1].DeviceId, ct);
        var pageAttestations = page.Items.Count == 0
            ? new Dictionary<string, DeviceAttestation>()
            : await store.Attestation.ListAsync(page.Items[0].DeviceId, page.Items[^1].DeviceId, ct);
        return Results.Ok(new Page<DeviceView>(
            [.. page.Items.Select(d => DeviceView.Of(d, postures.GetValueOrDefault(d.DeviceId), pageAttestations.GetValueOrDefault(d.DeviceId)))], page.NextCursor));
    }

    private static async Task<IResult> GetDeviceAsync(string id, HttpRequest request, ITelemetryStore store, CancellationToken ct)
    {
        RequestParameters.From(request);
        var deviceId = ApiValues.DeviceId("id", id)!;
        return await store.GetDeviceAsync(deviceId, ct) is { } device
            ? Results.Ok(DeviceView.Of(
                device,
                (await store.ListDevicePosturesAsync(deviceId, ct)).GetValueOrDefault(deviceId),
                (await store.Attestation.ListAsync(deviceId, ct)).GetValueOrDefault(deviceId)))
            : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown device", detail: $"No device '{id}' is enrolled.");
    }

    private static async Task<IResult> QueryEventsAsync(HttpRequest request, ITelemetryStore store, CancellationToken ct)
    {
        var q = RequestParameters.From(request, "device", "type", "minSeverity", "from", "to", "cursor", "limit");
        var (from, to) = ApiValues.TimeRange(q);
        var query = new EventQuery(
            ApiValues.DeviceId("device", q.Text("device")),
            ApiValues.EventType("type", q.Text("type")),
            ApiValues.Severity("minSeverity", q.Text("minSeverity")),
            from,
            to,
            ApiValues.Cursor("cursor", q.Text("cursor")),
            ApiValues.Limit(q));
        var page = await store.QueryEventsAsync(query, ct);
        return Results.Ok(new Page<EventView>(page.Items.Select(EventView.Of).ToList(), page.NextCursor));
    }

    private static async Task<IResult> QueryAlertsAsync(HttpRequest request, ITelemetryStore store, CancellationToken ct)
    {
        var q = RequestParameters.From(request, "device", "rule", "status", "cursor", "limit");
        var query = new AlertQuery(
            ApiValues.DeviceId("device", q.Text("device")),
            ApiValues.RuleId("rule", q.Text("rule")),
            q.Text("status") is { } status ? ApiValues.Status("status", status, ApiValues.AlertStatuses) : null,
            ApiValues.Cursor("cursor", q.Text("cursor")),
            ApiValues.Limit(q));
        var page = await store.QueryAlertsAsync(query, ct);
        return Results.Ok(new Page<AlertView>(page.Items.Select(AlertView.Of).ToList(), page.NextCursor));
    }

    private static async Task<IResult> QueryHostEventsAsync(HttpRequest request, ITelemetryStore store, CancellationToken ct)
    {
        var q = RequestParameters.From(request, "type", "from", "to", "cursor", "limit");
        var (from, to) = ApiValues.TimeRange(q);
        var type = q.Text("type");
        if (type is not null && !HostSecurityEvents.Types.Contains(type))
        {
            throw new ApiParameterException("type", $"Invalid 'type' value '{ApiValues.Printable(type)}': use one of {string.Join(", ", HostSecurityEvents.Types)}.");
        }

        return Results.Ok(await store.QueryHostEventsAsync(new HostEventQuery(type, from, to, ApiValues.Cursor("cursor", q.Text("cursor")), ApiValues.Limit(q)), ct));
    }

    // Who the token belongs to, so that a client (the web console) can offer only the actions its role may take.
    private static IResult GetSession(HttpContext http)
    {
        RequestParameters.From(http.Request);
        var caller = ApiCaller.Of(http);
        return Results.Ok(new { name = caller.Name, role = ApiRoles.NameOf(caller.Role) });
    }

    // Names, roles and times only: the hashes stay in the database.
    private static async Task<IResult> ListTokensAsync(HttpRequest request, ITelemetryStore store, CancellationToken ct)
    {
        RequestParameters.From(request);
        var tokens = await store.ListTokensAsync(ct);
        return Results.Ok(tokens.Select(t => new { name = t.Name, role = t.Role, createdAtMs = t.CreatedAtMs, revokedAtMs = t.RevokedAtMs }));
    }
}
