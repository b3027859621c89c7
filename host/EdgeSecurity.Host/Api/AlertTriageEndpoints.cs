using EdgeSecurity.Host.Api.Views;
using EdgeSecurity.Host.Storage;
using EdgeSecurity.Host.Storage.Model;

namespace EdgeSecurity.Host.Api;

/// <summary>
/// Alert triage (docs/api.md): status, assignee and notes, each recorded in the alert's append-only audit log
/// under the caller's token name. There is no endpoint that edits or deletes an audit entry.
/// </summary>
public static class AlertTriageEndpoints
{
    public const int MaxNoteLength = 2000;

    public static void MapAlertTriage(this IEndpointRouteBuilder app)
    {
        var viewer = app.MapGroup("/api/v1/alerts").RequireApiRole(ApiRole.Viewer);
        viewer.MapGet("/{id}", GetAlertAsync);
        viewer.MapGet("/{id}/audit", GetAuditAsync);

        var analyst = app.MapGroup("/api/v1/alerts").RequireApiRole(ApiRole.Analyst);
        analyst.MapPost("/{id}/status", SetStatusAsync);
        analyst.MapPost("/{id}/assignee", SetAssigneeAsync);
        analyst.MapPost("/{id}/notes", AddNoteAsync);
    }

    private static async Task<IResult> GetAlertAsync(string id, HttpRequest request, ITelemetryStore store, CancellationToken ct)
    {
        RequestParameters.From(request);
        var alertId = ParameterValues.Identifier("id", id);
        if (await store.GetAlertAsync(alertId, ct) is not { } alert)
        {
            return UnknownAlert(alertId);
        }

        var audit = (await store.GetAlertAuditAsync(alertId, ct)).Select(AlertAuditView.Of).ToList();
        return Results.Ok(new AlertDetailView(AlertView.Of(alert), audit.Where(a => a.Note is not null).ToList(), audit));
    }

    private static async Task<IResult> GetAuditAsync(string id, HttpRequest request, ITelemetryStore store, CancellationToken ct)
    {
        RequestParameters.From(request);
        var alertId = ParameterValues.Identifier("id", id);
        return await store.GetAlertAsync(alertId, ct) is null
            ? UnknownAlert(alertId)
            : Results.Ok((await store.GetAlertAuditAsync(alertId, ct)).Select(AlertAuditView.Of).ToList());
    }

    private static async Task<IResult> SetStatusAsync(string id, HttpContext http, ITelemetryStore store, TimeProvider time, CancellationToken ct)
    {
        RequestParameters.From(http.Request);
        var alertId = ParameterValues.Identifier("id", id);
        var body = await JsonBody.ReadObjectAsync(http.Request, ct);
        JsonBody.OnlyFields(body, "status", "note");
        var status = ApiValues.Status("status", JsonBody.RequiredString(body, "status"), ApiValues.SettableAlertStatuses);
        var note = Note(JsonBody.OptionalString(body, "note"), "note");
        var action = new TriageAction(TriageKind.Status, ApiCaller.Of(http).Name, time.GetUtcNow().ToUnixTimeMilliseconds(), ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture), note);
        return Outcome(await store.TriageAsync(alertId, action, ct), alertId, $"The alert is already {AlertStatusNames.NameOf(status)}.");
    }

    private static async Task<IResult> SetAssigneeAsync(string id, HttpContext http, ITelemetryStore store, TimeProvider time, CancellationToken ct)
    {
        RequestParameters.From(http.Request);
        var alertId = ParameterValues.Identifier("id", id);
        var body = await JsonBody.ReadObjectAsync(http.Request, ct);
        JsonBody.OnlyFields(body, "assignee");
        if (!body.TryGetProperty("assignee", out _))
        {
            throw new ApiParameterException("assignee", "The body needs 'assignee': a name (lowercase letters, digits, '-'), or null to unassign.");
        }

        var assignee = JsonBody.OptionalString(body, "assignee");
        if (assignee is not null && !ApiTokenIssuer.IsValidName(assignee))
        {
            throw new ApiParameterException("assignee", $"Invalid 'assignee' value '{ApiValues.Printable(assignee)}': use {EdgeSecurity.Pki.DeviceId.PatternDescription}, or null to unassign.");
        }

        var action = new TriageAction(TriageKind.Assign, ApiCaller.Of(http).Name, time.GetUtcNow().ToUnixTimeMilliseconds(), assignee, null);
        return Outcome(await store.TriageAsync(alertId, action, ct), alertId, assignee is null ? "The alert has no assignee." : $"The alert is already assigned to {assignee}.");
    }

    private static async Task<IResult> AddNoteAsync(string id, HttpContext http, ITelemetryStore store, TimeProvider time, CancellationToken ct)
    {
        RequestParameters.From(http.Request);
        var alertId = ParameterValues.Identifier("id", id);
        var body = await JsonBody.ReadObjectAsync(http.Request, ct);
        JsonBody.OnlyFields(body, "text");
        var text = Note(JsonBody.RequiredString(body, "text"), "text")
            ?? throw new ApiParameterException("text", "Field 'text' is empty: write the note.");
        var action = new TriageAction(TriageKind.Note, ApiCaller.Of(http).Name, time.GetUtcNow().ToUnixTimeMilliseconds(), null, text);
        return Outcome(await store.TriageAsync(alertId, action, ct), alertId, "Nothing changed.");
    }

    private static string? Note(string? text, string field)
    {
        if (text is null || text.Trim().Length == 0)
        {
            return null;
        }

        if (text.Length > MaxNoteLength)
        {
            throw new ApiParameterException(field, $"Field '{field}' has {text.Length} characters: at most {MaxNoteLength}.");
        }

        return text.Any(c => char.IsControl(c) && c is not ('\n' or '\t'))
            ? throw new ApiParameterException(field, $"Field '{field}' holds control characters: only text, line breaks and tabs.")
            : text.Trim();
    }

    private static IResult Outcome(TriageOutcome outcome, long alertId, string noChange) => outcome switch
    {
        TriageOutcome.Applied => Results.NoContent(),
        TriageOutcome.UnknownAlert => UnknownAlert(alertId),
        _ => Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Nothing to change", detail: noChange + " Nothing was recorded."),
    };

    private static IResult UnknownAlert(long alertId) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown alert", detail: $"No alert with id {alertId}.");
}
