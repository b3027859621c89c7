using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EdgeSecurity.Host.Storage.Model;
using EdgeSecurity.Host.Tests.Support;

namespace EdgeSecurity.Host.Tests.Api;

/// <summary>Alert triage through the API: states, assignee, notes, and the audit log no request can edit.</summary>
[Collection(HostTestCollection.Name)]
public sealed class TriageTests(TestFleet fleet) : IAsyncLifetime
{
    private ApiHost _api = null!;

    public async Task InitializeAsync() => _api = await ApiHost.StartAsync(fleet);

    public async Task DisposeAsync() => await _api.DisposeAsync();

    private Task<long> RaiseAsync() =>
        _api.Store.InsertAlertAsync(new AlertRecord("integrity-violation", "dev-a", 4, "Integrity violation", "digest differs", AlertStatus.New, 1, 1, [7]), CancellationToken.None);

    private async Task<HttpStatusCode> PostAsync(long id, string action, string role, string body)
    {
        using var response = await _api.SendAsync(HttpMethod.Post, $"/api/v1/alerts/{id}/{action}", role, body);
        return response.StatusCode;
    }

    [Fact]
    [Trait("Requirement", "SR-API-010")]
    public async Task An_analyst_triages_an_alert_and_every_step_is_in_its_audit_log_under_the_token_name()
    {
        var id = await RaiseAsync();

        Assert.Equal(HttpStatusCode.NoContent, await PostAsync(id, "status", "analyst", """{"status": "acknowledged"}"""));
        Assert.Equal(HttpStatusCode.NoContent, await PostAsync(id, "assignee", "analyst", """{"assignee": "analyst-user"}"""));
        Assert.Equal(HttpStatusCode.NoContent, await PostAsync(id, "notes", "operator", """{"text": "re-flashed from the release bundle"}"""));
        Assert.Equal(HttpStatusCode.Conflict, await PostAsync(id, "status", "admin", """{"status": "acknowledged"}"""));
        Assert.Equal(HttpStatusCode.NoContent, await PostAsync(id, "status", "admin", """{"status": "resolved", "note": "bench unit, config restored"}"""));

        using var response = await _api.GetAsync($"/api/v1/alerts/{id}");
        var detail = await response.Content.ReadFromJsonAsync<JsonElement>();
        var alert = detail.GetProperty("alert");
        Assert.Equal(("resolved", 3, "analyst-user"), (alert.GetProperty("status").GetString(), alert.GetProperty("statusCode").GetInt32(), alert.GetProperty("assignee").GetString()));
        var audit = detail.GetProperty("audit").EnumerateArray().Select(a => (
            a.GetProperty("actor").GetString(), a.GetProperty("action").GetString(), a.GetProperty("from").GetString(), a.GetProperty("to").GetString(), a.GetProperty("note").GetString())).ToList();
        Assert.Equal(
            [
                ("analyst-user", "status", "new", "acknowledged", null),
                ("analyst-user", "assign", null, "analyst-user", null),
                ("operator-user", "note", null, null, "re-flashed from the release bundle"),
                ("admin-user", "status", "acknowledged", "resolved", "bench unit, config restored"),
            ],
            audit);
        Assert.All(detail.GetProperty("audit").EnumerateArray(), a => Assert.InRange(a.GetProperty("atMs").GetInt64(), 1_700_000_000_000, long.MaxValue));
        Assert.Equal(2, detail.GetProperty("notes").GetArrayLength());
        using var resolved = await _api.GetAsync("/api/v1/alerts?status=resolved");
        Assert.Single((await resolved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray());
    }

    [Fact]
    [Trait("Requirement", "SR-API-010")]
    public async Task A_viewer_cannot_triage_and_a_refused_or_malformed_action_leaves_no_trace()
    {
        var id = await RaiseAsync();

        Assert.Equal(HttpStatusCode.Forbidden, await PostAsync(id, "status", "viewer", """{"status": "acknowledged"}"""));
        Assert.Equal(HttpStatusCode.Forbidden, await PostAsync(id, "notes", "viewer", """{"text": "x"}"""));
        Assert.Equal(HttpStatusCode.BadRequest, await PostAsync(id, "status", "analyst", """{"status": "new"}"""));
        Assert.Equal(HttpStatusCode.BadRequest, await PostAsync(id, "status", "analyst", """{"status": "closed"}"""));
        Assert.Equal(HttpStatusCode.BadRequest, await PostAsync(id, "assignee", "analyst", """{"assignee": "Robert'); DROP"}"""));
        Assert.Equal(HttpStatusCode.BadRequest, await PostAsync(id, "assignee", "analyst", """{}"""));
        Assert.Equal(HttpStatusCode.BadRequest, await PostAsync(id, "notes", "analyst", """{"text": "   "}"""));
        Assert.Equal(HttpStatusCode.BadRequest, await PostAsync(id, "notes", "analyst", JsonSerializer.Serialize(new { text = new string('n', 2001) })));
        Assert.Equal(HttpStatusCode.BadRequest, await PostAsync(id, "notes", "analyst", JsonSerializer.Serialize(new { text = "bell\u0007" })));
        Assert.Equal(HttpStatusCode.NotFound, await PostAsync(id + 999, "notes", "analyst", """{"text": "x"}"""));

        Assert.Empty(await _api.Store.GetAlertAuditAsync(id, CancellationToken.None));
        Assert.Equal(AlertStatus.New, (await _api.Store.GetAlertAsync(id, CancellationToken.None))!.Status);
    }

    [Fact]
    [Trait("Requirement", "SR-API-010")]
    public async Task No_request_changes_or_deletes_an_audit_entry()
    {
        var id = await RaiseAsync();
        Assert.Equal(HttpStatusCode.NoContent, await PostAsync(id, "notes", "analyst", """{"text": "first look"}"""));
        var before = await _api.Store.GetAlertAuditAsync(id, CancellationToken.None);

        foreach (var method in new[] { HttpMethod.Put, HttpMethod.Patch, HttpMethod.Delete, HttpMethod.Post })
        {
            foreach (var path in new[] { $"/api/v1/alerts/{id}/audit", $"/api/v1/alerts/{id}/audit/{before[0].Id}", $"/api/v1/alerts/{id}/notes/{before[0].Id}", $"/api/v1/alerts/{id}" })
            {
                using var response = await _api.SendAsync(method, path, "admin", """{"actor": "mallory", "note": "nothing happened"}""");
                Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed, $"{method} {path}: {response.StatusCode}");
            }
        }

        Assert.Equal(before, await _api.Store.GetAlertAuditAsync(id, CancellationToken.None));
    }
}
