using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EdgeSecurity.Host.Api;
using EdgeSecurity.Host.Storage;
using EdgeSecurity.Host.Storage.Model;
using EdgeSecurity.Host.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace EdgeSecurity.Host.Tests.Api;

/// <summary>Database tokens (shared by every host on the database) and the rate limit on failed authentication.</summary>
[Collection(HostTestCollection.Name)]
public sealed class TokenTests(TestFleet fleet) : IAsyncLifetime
{
    private ApiHost _api = null!;

    public async Task InitializeAsync() =>
        _api = await ApiHost.StartAsync(fleet, o =>
        {
            o.Api.FailedAuthenticationLimit = 3;
            o.Api.FailedAuthenticationWindow = TimeSpan.FromMinutes(5);
        });

    public async Task DisposeAsync() => await _api.DisposeAsync();

    private async Task<HttpResponseMessage> GetWithTokenAsync(string path, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return await _api.Http.SendAsync(request);
    }

    [Fact]
    [Trait("Requirement", "SR-API-007")]
    public async Task A_token_created_in_the_database_by_another_process_is_accepted_until_it_is_revoked()
    {
        // A second store on the same database file stands for edgesec tokens (or another host instance).
        var options = _api.Host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<EdgeSecurity.Host.Configuration.EdgeSecurityHostOptions>>().Value;
        await using var other = TelemetryStoreFactory.Sqlite(Path.Combine(Path.GetFullPath(options.DataDirectory), options.Storage.SqlitePath));
        var issuer = new ApiTokenIssuer(other, TimeProvider.System);
        var token = await issuer.CreateAsync("soc-night", ApiRole.Analyst, "test", CancellationToken.None);

        Assert.NotNull(token);
        Assert.StartsWith(ApiTokenIssuer.Prefix, token, StringComparison.Ordinal);
        Assert.Null(await issuer.CreateAsync("soc-night", ApiRole.Viewer, "test", CancellationToken.None));
        var stored = Assert.Single(await other.ListTokensAsync(CancellationToken.None));
        Assert.Equal(ApiTokenAuthenticator.HashToken(token), stored.Sha256Hex);
        Assert.DoesNotContain(token[ApiTokenIssuer.Prefix.Length..], JsonSerializer.Serialize(stored), StringComparison.Ordinal);

        using (var accepted = await GetWithTokenAsync("/api/v1/alerts", token))
        {
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        }

        using (var listed = await _api.GetAsync("/api/v1/tokens", "admin"))
        {
            var entry = Assert.Single((await listed.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray());
            Assert.Equal(("soc-night", "analyst"), (entry.GetProperty("name").GetString(), entry.GetProperty("role").GetString()));
            Assert.DoesNotContain(stored.Sha256Hex, entry.ToString(), StringComparison.Ordinal);
        }

        Assert.True(await issuer.RevokeAsync("soc-night", "test", CancellationToken.None));
        Assert.False(await issuer.RevokeAsync("soc-night", "test", CancellationToken.None));
        using var refused = await GetWithTokenAsync("/api/v1/alerts", token);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        var changes = (await other.QueryHostEventsAsync(new HostEventQuery(), CancellationToken.None)).Items.Select(e => e.Type).ToList();
        Assert.Contains(HostSecurityEvents.TokenCreated, changes);
        Assert.Contains(HostSecurityEvents.TokenRevoked, changes);
    }

    [Fact]
    [Trait("Requirement", "SR-API-008")]
    public async Task Guessing_tokens_with_curl_is_rate_limited_recorded_as_host_events_and_raises_a_host_alert()
    {
        // The attacker is curl, an independent client, guessing tokens from 127.0.0.1.
        var statuses = new List<string>();
        for (var attempt = 0; attempt < 5; attempt++)
        {
            statuses.Add(await CurlAsync("/api/v1/events", "guess-" + attempt));
        }

        Assert.Equal(["401", "401", "401", "429", "429"], statuses.Select(s => s.Split(' ')[0]));
        Assert.Matches(@"^429 retry-after:\s*(\d+)", statuses[3]);
        var retryAfter = int.Parse(System.Text.RegularExpressions.Regex.Match(statuses[3], @"retry-after:\s*(\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 300);

        // The blocked address is refused even with a valid token: a correct guess is not revealed early.
        using (var valid = await _api.GetAsync("/api/v1/events"))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, valid.StatusCode);
            Assert.Contains("retry after", (await ApiHost.ProblemAsync(valid)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        var events = (await _api.Store.QueryHostEventsAsync(new HostEventQuery(), CancellationToken.None)).Items;
        Assert.Equal(3, events.Count(e => e.Type == HostSecurityEvents.AuthenticationFailure && e.SourceAddress == "127.0.0.1"));
        var limited = Assert.Single(events, e => e.Type == HostSecurityEvents.AuthenticationRateLimited);
        var alert = Assert.Single((await _api.Store.QueryAlertsAsync(new AlertQuery(DeviceId: "host"), CancellationToken.None)).Items);
        Assert.Equal((HostSecurityEvents.AuthenticationAttackRule, AlertStatus.New), (alert.Rule, alert.Status));
        Assert.Equal([limited.Id], alert.EventSequences);
        Assert.DoesNotContain(events, e => e.Detail.Contains("guess-", StringComparison.Ordinal));
    }

    [Fact]
    [Trait("Requirement", "SR-API-008")]
    public async Task The_limit_counts_per_address_and_ends_with_its_window()
    {
        var clock = new FakeTime(DateTimeOffset.FromUnixTimeMilliseconds(1_800_000_000_000));
        var limiter = new FailedAuthenticationLimiter(2, TimeSpan.FromSeconds(60), clock);
        var attacker = IPAddress.Parse("192.0.2.7");
        var mapped = IPAddress.Parse("::ffff:192.0.2.7");
        var neighbour = IPAddress.Parse("192.0.2.8");

        Assert.Equal(1, limiter.RecordFailure(attacker));
        Assert.Null(limiter.RetryAfter(attacker));
        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(2, limiter.RecordFailure(mapped));
        Assert.Equal(TimeSpan.FromSeconds(50), limiter.RetryAfter(attacker));
        Assert.Null(limiter.RetryAfter(neighbour));
        clock.Advance(TimeSpan.FromSeconds(50));
        Assert.Null(limiter.RetryAfter(attacker));
        Assert.Equal(1, limiter.RecordFailure(attacker));
    }

    private async Task<string> CurlAsync(string path, string token)
    {
        var start = new ProcessStartInfo("curl")
        {
            ArgumentList =
            {
                "--silent", "--max-time", "10", "--output", "/dev/null", "--dump-header", "-",
                "--header", "Authorization: Bearer " + token,
                new Uri(_api.Host.BaseAddress, path).ToString(),
            },
            RedirectStandardOutput = true,
        };
        using var curl = Process.Start(start)!;
        var headers = await curl.StandardOutput.ReadToEndAsync();
        await curl.WaitForExitAsync();
        var status = headers.Split(' ', 3)[1];
        var retry = headers.Split("\r\n").FirstOrDefault(h => h.StartsWith("Retry-After:", StringComparison.OrdinalIgnoreCase));
        return retry is null ? status : $"{status} {retry.ToLowerInvariant()}";
    }
}
