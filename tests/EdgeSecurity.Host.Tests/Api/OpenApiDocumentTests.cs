using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using EdgeSecurity.Host.Api;
using EdgeSecurity.Host.Api.OpenApi;
using EdgeSecurity.Host.Tests.Support;
using Microsoft.OpenApi;

namespace EdgeSecurity.Host.Tests.Api;

/// <summary>
/// The OpenAPI document the host serves: valid OpenAPI (read back with Microsoft.OpenApi's own reader), every
/// endpoint of the role table with the role it enforces, every query parameter an endpoint accepts, and a
/// reference page that loads from the host alone.
/// </summary>
[Collection(HostTestCollection.Name)]
public sealed partial class OpenApiDocumentTests(TestFleet fleet) : IAsyncLifetime
{
    private ApiHost _api = null!;

    [GeneratedRegex(@"this endpoint takes (?<names>[^.]+)\.$", RegexOptions.None, 100)]
    private static partial Regex AcceptedNames();

    public async Task InitializeAsync() => _api = await ApiHost.StartAsync(fleet);

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    [Trait("Requirement", "SR-API-015")]
    public async Task The_document_is_valid_OpenAPI_and_lists_every_endpoint_with_the_role_it_enforces()
    {
        var (text, document) = await DocumentAsync();
        using var json = JsonDocument.Parse(text);
        var paths = json.RootElement.GetProperty("paths");
        Assert.Equal("bearer", json.RootElement.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer").GetProperty("scheme").GetString());

        foreach (var (key, role) in RoleEnforcementTests.Expected.Where(e => !e.Key.StartsWith("GET /openapi/", StringComparison.Ordinal)))
        {
            var method = key[..key.IndexOf(' ', StringComparison.Ordinal)];
            var path = RoleOperationTransformer.EndpointKey(method, key[(method.Length + 1)..])[(method.Length + 1)..];
            Assert.True(document.Paths.ContainsKey(path), $"{key}: no path {path} in the document");
            Assert.True(paths.GetProperty(path).TryGetProperty(method.ToLowerInvariant(), out var operation), $"{key}: no {method} operation");
            Assert.Equal([ApiDocumentation.ResourceOf(path)], operation.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
            var responses = operation.GetProperty("responses");
            Assert.True(responses.TryGetProperty("400", out _), $"{key}: no 400 response");
            if (role is { } needed)
            {
                Assert.Equal(ApiRoles.NameOf(needed), operation.GetProperty(RoleOperationTransformer.RoleExtension).GetString());
                Assert.Contains($"Role: {ApiRoles.NameOf(needed)}", operation.GetProperty("description").GetString(), StringComparison.Ordinal);
                Assert.True(operation.GetProperty("security")[0].TryGetProperty("bearer", out _), $"{key}: no bearer security requirement");
                Assert.True(responses.TryGetProperty("401", out _), $"{key}: no 401 response");
                Assert.Equal(needed > ApiRole.Viewer, responses.TryGetProperty("403", out _));
            }
            else
            {
                Assert.Equal(0, operation.GetProperty("security").GetArrayLength());
            }

            foreach (Match parameter in Regex.Matches(path, @"\{([^}]+)\}"))
            {
                Assert.Contains(
                    operation.GetProperty("parameters").EnumerateArray(),
                    p => p.GetProperty("in").GetString() == "path" && p.GetProperty("name").GetString() == parameter.Groups[1].Value);
            }
        }
    }

    [Fact]
    [Trait("Requirement", "SR-API-016")]
    public async Task Every_query_parameter_an_endpoint_accepts_is_in_the_document()
    {
        var (text, _) = await DocumentAsync();
        using var json = JsonDocument.Parse(text);
        var probed = 0;
        foreach (var path in json.RootElement.GetProperty("paths").EnumerateObject())
        {
            if (!path.Value.TryGetProperty("get", out var operation) || !operation.TryGetProperty(RoleOperationTransformer.RoleExtension, out _))
            {
                continue;
            }

            // Endpoints that read their query strictly refuse an unknown name and list the names they take.
            var url = Regex.Replace(path.Name, @"\{[^}]+\}", "1") + "?undocumented-probe=1";
            using var response = await _api.GetAsync(url, "admin");
            if (response.StatusCode != HttpStatusCode.BadRequest)
            {
                continue;
            }

            var detail = (await ApiHost.ProblemAsync(response)).GetProperty("detail").GetString()!;
            if (!detail.StartsWith("Unknown query parameter 'undocumented-probe'", StringComparison.Ordinal))
            {
                continue;
            }

            probed++;
            var accepted = detail.EndsWith("this endpoint takes none.", StringComparison.Ordinal)
                ? []
                : AcceptedNames().Match(detail).Groups["names"].Value.Split(", ").Order(StringComparer.Ordinal).ToList();
            var documented = operation.TryGetProperty("parameters", out var parameters)
                ? parameters.EnumerateArray().Where(p => p.GetProperty("in").GetString() == "query").Select(p => p.GetProperty("name").GetString()!).Order(StringComparer.Ordinal).ToList()
                : [];
            Assert.True(accepted.SequenceEqual(documented), $"GET {path.Name} accepts [{string.Join(", ", accepted)}] but documents [{string.Join(", ", documented)}]: update QueryParameterCatalogue.");
        }

        Assert.True(probed >= 8, $"only {probed} endpoints answered the probe: the check would prove nothing");
    }

    [Fact]
    [Trait("Requirement", "SR-API-017")]
    public async Task The_reference_page_loads_from_the_host_alone_and_reads_the_document()
    {
        using var page = await _api.Http.GetAsync(new Uri(ApiDocumentation.ReferencePath + "/index.html", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        Assert.DoesNotContain("http://", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("https://", html, StringComparison.OrdinalIgnoreCase);

        var assets = Regex.Matches(html, "(?:src|href)=\"(?<url>[^\"]+)\"").Select(m => m.Groups["url"].Value).Where(u => !u.StartsWith('#')).ToList();
        Assert.Contains(assets, a => a.EndsWith(".js", StringComparison.Ordinal));
        var configured = false;
        foreach (var asset in assets)
        {
            Assert.False(Uri.TryCreate(asset, UriKind.Absolute, out var absolute) && absolute.Scheme.StartsWith("http", StringComparison.Ordinal), $"{asset} is loaded from outside the host");
            using var response = await _api.Http.GetAsync(new Uri(new Uri(_api.Http.BaseAddress!, ApiDocumentation.ReferencePath + "/"), asset));
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{asset}: {response.StatusCode}");
            configured |= (await response.Content.ReadAsStringAsync()).Contains(ApiDocumentation.DocumentPath, StringComparison.Ordinal);
        }

        Assert.True(configured || html.Contains(ApiDocumentation.DocumentPath, StringComparison.Ordinal), "the page does not load the host's OpenAPI document");
    }

    /// <summary>The document as served without a token, and as Microsoft.OpenApi reads it (no errors allowed).</summary>
    private async Task<(string Text, OpenApiDocument Document)> DocumentAsync()
    {
        using var response = await _api.Http.GetAsync(new Uri(ApiDocumentation.DocumentPath, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        var result = OpenApiDocument.Parse(text, "json");
        Assert.True(result.Diagnostic is null || result.Diagnostic.Errors.Count == 0, string.Join("; ", result.Diagnostic?.Errors.Select(e => e.ToString()) ?? []));
        Assert.NotNull(result.Document);
        return (text, result.Document!);
    }
}
