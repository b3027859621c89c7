using System.Net;
using EdgeSecurity.Host.Api;
using EdgeSecurity.Host.Tests.Support;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace EdgeSecurity.Host.Tests.Api;

/// <summary>
/// Every mapped endpoint declares the least role it needs, that role is what this table says, and the
/// running host enforces it: no token is 401, the role below is 403, the role itself gets past the check.
/// A new endpoint without a declared role, or missing from the table, fails here.
/// </summary>
[Collection(HostTestCollection.Name)]
public sealed class RoleEnforcementTests(TestFleet fleet) : IAsyncLifetime
{
    // method + route pattern → least role (null: public).
    internal static readonly Dictionary<string, ApiRole?> Expected = new(StringComparer.Ordinal)
    {
        ["GET /health"] = null,
        ["GET /openapi/{documentName}.json"] = null,
        ["GET /api/v1/devices"] = ApiRole.Viewer,
        ["GET /api/v1/devices/{id}"] = ApiRole.Viewer,
        ["GET /api/v1/fleet/summary"] = ApiRole.Viewer,
        ["GET /api/v1/events"] = ApiRole.Viewer,
        ["GET /api/v1/alerts"] = ApiRole.Viewer,
        ["GET /api/v1/host-events"] = ApiRole.Viewer,
        ["GET /api/v1/session"] = ApiRole.Viewer,
        ["GET /api/v1/alerts/{id}"] = ApiRole.Viewer,
        ["GET /api/v1/alerts/{id}/audit"] = ApiRole.Viewer,
        ["POST /api/v1/alerts/{id}/status"] = ApiRole.Analyst,
        ["POST /api/v1/alerts/{id}/assignee"] = ApiRole.Analyst,
        ["POST /api/v1/alerts/{id}/notes"] = ApiRole.Analyst,
        ["GET /api/v1/export/ocsf"] = ApiRole.Operator,
        ["GET /api/v1/tokens"] = ApiRole.Admin,
        ["GET /api/v1/ota/bundles"] = ApiRole.Viewer,
        ["GET /api/v1/ota/bundles/{id}"] = ApiRole.Viewer,
        ["GET /api/v1/ota/roots"] = ApiRole.Viewer,
        ["GET /api/v1/ota/minimum-counters"] = ApiRole.Viewer,
        ["GET /api/v1/ota/campaigns"] = ApiRole.Viewer,
        ["GET /api/v1/ota/campaigns/{id:long}"] = ApiRole.Viewer,
        ["GET /api/v1/ota/campaigns/{id:long}/devices"] = ApiRole.Viewer,
        ["GET /api/v1/ota/audit"] = ApiRole.Viewer,
        ["GET /api/v1/devices/{id}/tags"] = ApiRole.Viewer,
        ["POST /api/v1/ota/bundles"] = ApiRole.Operator,
        ["POST /api/v1/ota/roots"] = ApiRole.Operator,
        ["PUT /api/v1/ota/minimum-counters/{hardwareClass}"] = ApiRole.Operator,
        ["PUT /api/v1/devices/{id}/tags"] = ApiRole.Operator,
        ["POST /api/v1/ota/campaigns"] = ApiRole.Operator,
        ["POST /api/v1/ota/campaigns/{id:long}/pause"] = ApiRole.Operator,
        ["POST /api/v1/ota/campaigns/{id:long}/resume"] = ApiRole.Operator,
        ["POST /api/v1/ota/campaigns/{id:long}/abort"] = ApiRole.Operator,
        ["GET /api/v1/metrics/programme"] = ApiRole.Viewer,
        ["GET /api/v1/advisories"] = ApiRole.Viewer,
        ["POST /api/v1/advisories"] = ApiRole.Operator,
        ["POST /api/v1/devices/{id}/attestation"] = ApiRole.Operator,
    };

    private ApiHost _api = null!;

    // Many refused requests from one address by design: the failure limit is not what this test checks.
    public async Task InitializeAsync() => _api = await ApiHost.StartAsync(fleet, o => o.Api.FailedAuthenticationLimit = 10_000);

    public async Task DisposeAsync() => await _api.DisposeAsync();

    private List<(string Key, string Method, string Pattern, RequiredRole? Role)> MappedEndpoints() =>
        _api.Host.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["ANY"])
                .Select(m => ($"{m} /{e.RoutePattern.RawText!.TrimStart('/')}", m, "/" + e.RoutePattern.RawText!.TrimStart('/'), e.Metadata.GetMetadata<RequiredRole>())))
            .ToList();

    [Fact]
    [Trait("Requirement", "SR-API-006")]
    public void Every_mapped_endpoint_declares_the_role_the_table_gives_it()
    {
        var mapped = MappedEndpoints();

        foreach (var (key, _, _, role) in mapped)
        {
            Assert.True(role is not null, $"{key} declares no role: use RequireApiRole(...) or AllowWithoutToken().");
            Assert.True(Expected.ContainsKey(key), $"{key} is not in this test's table: add it with the role it needs.");
            Assert.Equal(Expected[key], role!.Role);
        }

        Assert.Equal(Expected.Keys.Order(StringComparer.Ordinal), mapped.Select(m => m.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    [Trait("Requirement", "SR-API-006")]
    public async Task The_running_host_enforces_each_endpoints_role()
    {
        foreach (var (key, method, pattern, declared) in MappedEndpoints())
        {
            if (declared!.Role is not { } needed)
            {
                continue;
            }

            // Every route parameter ({id}, {id:long}, {hardwareClass}) gets a plain value: the role is checked before it is read.
            var path = System.Text.RegularExpressions.Regex.Replace(pattern, "\\{[^}]+\\}", "1");
            using (var anonymous = await _api.SendAsync(new HttpMethod(method), path, null, method == "POST" ? "{}" : null))
            {
                Assert.True(anonymous.StatusCode == HttpStatusCode.Unauthorized, $"{key} without a token: {anonymous.StatusCode}");
            }

            if (needed > ApiRole.Viewer)
            {
                var below = ApiRoles.NameOf(needed - 1);
                using var denied = await _api.SendAsync(new HttpMethod(method), path, below, method == "POST" ? "{}" : null);
                Assert.True(denied.StatusCode == HttpStatusCode.Forbidden, $"{key} as {below}: {denied.StatusCode}");
                Assert.Contains(ApiRoles.NameOf(needed), (await ApiHost.ProblemAsync(denied)).GetProperty("detail").GetString(), StringComparison.Ordinal);
            }

            foreach (var role in ApiHost.Roles.Where(r => ApiRoles.Parse(r) >= needed))
            {
                using var allowed = await _api.SendAsync(new HttpMethod(method), path, role, method == "POST" ? "{}" : null);
                Assert.True(
                    allowed.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden),
                    $"{key} as {role}: {allowed.StatusCode}");
            }
        }
    }
}
