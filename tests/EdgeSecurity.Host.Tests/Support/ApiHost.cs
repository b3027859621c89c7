using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using EdgeSecurity.Host.Api;
using EdgeSecurity.Host.Configuration;
using EdgeSecurity.Host.Hosting;
using EdgeSecurity.Host.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace EdgeSecurity.Host.Tests.Support;

/// <summary>A running host with one configured token per role and an HTTP client for its API.</summary>
public sealed class ApiHost : IAsyncDisposable
{
    private readonly Dictionary<string, string> _tokens;

    private ApiHost(RunningHost host, Dictionary<string, string> tokens)
    {
        Host = host;
        _tokens = tokens;
        Http = new HttpClient { BaseAddress = host.BaseAddress };
    }

    public RunningHost Host { get; }

    public HttpClient Http { get; }

    public ITelemetryStore Store => Host.Services.GetRequiredService<ITelemetryStore>();

    /// <summary>Roles with a configured token; the token of role r is held by a caller named "r-user".</summary>
    public static IReadOnlyList<string> Roles { get; } = ["viewer", "analyst", "operator", "admin"];

    public static async Task<ApiHost> StartAsync(TestFleet fleet, Action<EdgeSecurityHostOptions>? configure = null)
    {
        var options = HostFactory.Options(fleet);
        var tokens = Roles.ToDictionary(r => r, _ => Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)));
        foreach (var (role, token) in tokens)
        {
            options.Api.Tokens.Add(new ApiTokenOptions { Name = role + "-user", Role = role, Sha256 = ApiTokenAuthenticator.HashToken(token) });
        }

        configure?.Invoke(options);
        return new ApiHost(await HostFactory.StartAsync(options), tokens);
    }

    public string Token(string role) => _tokens[role];

    /// <summary>Sends a request as <paramref name="role"/> (null: no Authorization header); a string body is sent as raw JSON text.</summary>
    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? role, object? body = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (role is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _tokens[role]);
        }

        request.Content = body switch
        {
            null => null,
            string text => new StringContent(text, System.Text.Encoding.UTF8, "application/json"),
            _ => JsonContent.Create(body),
        };
        return Http.SendAsync(request);
    }

    public Task<HttpResponseMessage> GetAsync(string path, string role = "viewer") => SendAsync(HttpMethod.Get, path, role);

    /// <summary>The body of an error response, after checking it is a ProblemDetails document.</summary>
    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Host.DisposeAsync();
    }
}
