using System.Diagnostics;
using System.Net;
using System.Text.Json;
using EdgeSecurity.Host.Storage.Model;
using EdgeSecurity.Host.Tests.Support;

namespace EdgeSecurity.Host.Tests.Api;

/// <summary>
/// Every parameter of every endpoint is checked before anything runs: a bad value is a 400 ProblemDetails
/// whose detail names the parameter and what it accepts, and changes nothing.
/// </summary>
[Collection(HostTestCollection.Name)]
public sealed class ApiInputTests(TestFleet fleet) : IAsyncLifetime
{
    private ApiHost _api = null!;

    public async Task InitializeAsync() => _api = await ApiHost.StartAsync(fleet);

    public async Task DisposeAsync() => await _api.DisposeAsync();

    public static TheoryData<string, string, string> BadQueries => new()
    {
        { "/api/v1/events?minSeverity=-5", "minSeverity", "0 to 4" },
        { "/api/v1/events?minSeverity=999", "minSeverity", "0 to 4" },
        { "/api/v1/events?minSeverity=high", "minSeverity", "critical" },
        { "/api/v1/events?minSeverity=", "minSeverity", "empty" },
        { "/api/v1/events?limit=0", "limit", "1 to 1000" },
        { "/api/v1/events?limit=1001", "limit", "1 to 1000" },
        { "/api/v1/events?limit=ten", "limit", "1 to 1000" },
        { "/api/v1/events?limit=5&limit=6", "limit", "once" },
        { "/api/v1/events?type=70000", "type", "0 to 65535" },
        { "/api/v1/events?type=0x1FFFF", "type", "0 to 65535" },
        { "/api/v1/events?type=integrity", "type", "catalogue name" },
        { "/api/v1/events?from=yesterday", "from", "ISO 8601" },
        { "/api/v1/events?to=-1", "to", "ISO 8601" },
        { "/api/v1/events?from=2000&to=1000", "from", "before 'to'" },
        { "/api/v1/events?cursor=abc", "cursor", "nextCursor" },
        { "/api/v1/events?cursor=0", "cursor", "nextCursor" },
        { "/api/v1/events?device=Dev_A", "device", "lowercase letters" },
        { "/api/v1/events?minSeverty=3", "minSeverty", "minSeverity" },
        { "/api/v1/alerts?status=open,closed", "status", "one of" },
        { "/api/v1/alerts?status=Open", "status", "one of" },
        { "/api/v1/alerts?status=1", "status", "one of" },
        { "/api/v1/alerts?status=open", "status", "is now 'new'" },
        { "/api/v1/alerts/abc", "id", "positive whole number" },
        { "/api/v1/alerts?rule=..%2Fx", "rule", "rule id" },
        { "/api/v1/alerts?limit=-1", "limit", "1 to 1000" },
        { "/api/v1/alerts?cursor=-7", "cursor", "nextCursor" },
        { "/api/v1/alerts?device=a%20b", "device", "device id" },
        { "/api/v1/alerts?severity=3", "severity", "this endpoint takes" },
        { "/api/v1/devices?limit=0", "limit", "1 to 1000" },
        { "/api/v1/devices?cursor=Dev_A", "cursor", "device id" },
        { "/api/v1/devices?status=active", "status", "this endpoint takes cursor, limit" },
        { "/api/v1/devices/UPPER", "id", "device id" },
    };

    [Theory]
    [MemberData(nameof(BadQueries))]
    [Trait("Requirement", "SR-API-005")]
    public async Task A_bad_query_parameter_is_a_400_naming_the_parameter_and_what_is_allowed(string path, string parameter, string allowed)
    {
        using var response = await _api.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await ApiHost.ProblemAsync(response);
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Contains($"'{parameter}'", detail, StringComparison.Ordinal);
        Assert.Contains(allowed, detail, StringComparison.Ordinal);
        Assert.Equal(parameter, problem.GetProperty("parameter").GetString());
    }

    public static TheoryData<string, string, string, string> BadStatusChanges => new()
    {
        { "1", """{"status": "open, closed"}""", "status", "one of" },
        { "1", """{"status": "Resolved"}""", "status", "one of" },
        { "1", """{"status": "closed"}""", "status", "is now 'resolved' or 'false-positive'" },
        { "1", """{"status": 2}""", "status", "must be a string" },
        { "1", """{"stauts": "closed"}""", "stauts", "takes status" },
        { "1", """{}""", "status", "needs a string field" },
        { "1", """["closed"]""", "body", "JSON object" },
        { "1", """{"status": "closed" """, "body", "not valid JSON" },
        { "abc", """{"status": "closed"}""", "id", "positive whole number" },
        { "0", """{"status": "closed"}""", "id", "positive whole number" },
    };

    [Theory]
    [MemberData(nameof(BadStatusChanges))]
    [Trait("Requirement", "SR-API-005")]
    public async Task A_bad_status_change_is_a_400_naming_the_field_and_leaves_the_alert_unchanged(string id, string body, string parameter, string allowed)
    {
        var alertId = await _api.Store.InsertAlertAsync(new AlertRecord("replay", "dev-a", 3, "t", "d", AlertStatus.New, 1, 1, []), CancellationToken.None);
        var path = $"/api/v1/alerts/{(id == "1" ? alertId.ToString(System.Globalization.CultureInfo.InvariantCulture) : id)}/status";

        using var response = await _api.SendAsync(HttpMethod.Post, path, "analyst", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var detail = (await ApiHost.ProblemAsync(response)).GetProperty("detail").GetString()!;
        Assert.Contains(parameter, detail, StringComparison.Ordinal);
        Assert.Contains(allowed, detail, StringComparison.Ordinal);
        var alert = (await _api.Store.QueryAlertsAsync(new AlertQuery(), CancellationToken.None)).Items.Single(a => a.Id == alertId);
        Assert.Equal(AlertStatus.New, alert.Status);
        Assert.Empty(await _api.Store.GetAlertAuditAsync(alertId, CancellationToken.None));
    }

    [Fact]
    [Trait("Requirement", "SR-API-005")]
    public async Task Accepted_forms_of_each_parameter_still_work()
    {
        foreach (var path in new[]
        {
            "/api/v1/events?minSeverity=0", "/api/v1/events?minSeverity=4", "/api/v1/events?minSeverity=critical",
            "/api/v1/events?type=0x0102&limit=1000", "/api/v1/events?type=integrity-check&from=2026-11-22T03:00:00Z&to=1900000000000",
            "/api/v1/alerts?status=acknowledged&device=dev-a&rule=replay&limit=1",
        })
        {
            using var response = await _api.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    [Fact]
    [Trait("Requirement", "SR-API-005")]
    public async Task Errors_outside_the_endpoints_also_carry_a_detail()
    {
        using var unknownPath = await _api.GetAsync("/api/v1/nothing-here");
        using var wrongMethod = await _api.SendAsync(HttpMethod.Delete, "/api/v1/events", "viewer");

        Assert.Equal(HttpStatusCode.NotFound, unknownPath.StatusCode);
        Assert.Contains("/api/v1/nothing-here", (await ApiHost.ProblemAsync(unknownPath)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, wrongMethod.StatusCode);
        Assert.Contains("DELETE", (await ApiHost.ProblemAsync(wrongMethod)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Requirement", "SR-API-005")]
    public async Task Curl_sees_the_same_400_problem_for_a_negative_severity()
    {
        // An independent HTTP client: the request bytes are curl's, not .NET's.
        var start = new ProcessStartInfo("curl")
        {
            ArgumentList =
            {
                "--silent", "--show-error", "--max-time", "10",
                "--header", "Authorization: Bearer " + _api.Token("viewer"),
                "--write-out", "\n%{http_code} %{content_type}",
                new Uri(_api.Host.BaseAddress, "/api/v1/events?minSeverity=-5").ToString(),
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var curl = Process.Start(start)!;
        var output = await curl.StandardOutput.ReadToEndAsync();
        await curl.WaitForExitAsync();

        Assert.Equal(0, curl.ExitCode);
        var lines = output.Split('\n');
        Assert.Equal("400 application/problem+json", lines[^1]);
        var problem = JsonDocument.Parse(string.Join('\n', lines[..^1])).RootElement;
        Assert.Contains("'minSeverity'", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
