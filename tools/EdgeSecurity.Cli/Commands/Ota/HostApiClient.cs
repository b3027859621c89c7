using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using EdgeSecurity.Cli.Infrastructure;

namespace EdgeSecurity.Cli.Commands.Ota;

/// <summary>
/// The host API (docs/api.md) as the CLI calls it: one request, one JSON answer. A refusal becomes a
/// <see cref="CliException"/> carrying the host's ProblemDetails (exit 1, or 4 when the host is unreachable or
/// refuses the token or role), so every command reports it the same way.
/// </summary>
internal sealed class HostApiClient(Uri baseAddress, string token) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(120) };

    public JsonElement Get(string path) => Send(HttpMethod.Get, path, null);

    public JsonElement Post(string path, object? body = null) => Send(HttpMethod.Post, path, body is null ? null : JsonContent.Create(body));

    public JsonElement Put(string path, object body) => Send(HttpMethod.Put, path, JsonContent.Create(body));

    /// <summary>Posts raw file bytes; <paramref name="created"/> tells a new resource (201) from an existing one (200).</summary>
    public JsonElement PostBytes(string path, byte[] bytes, out bool created)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        var (body, status) = SendForStatus(HttpMethod.Post, path, content);
        created = status == HttpStatusCode.Created;
        return body;
    }

    public void Dispose() => _http.Dispose();

    private JsonElement Send(HttpMethod method, string path, HttpContent? content) => SendForStatus(method, path, content).Body;

    private (JsonElement Body, HttpStatusCode Status) SendForStatus(HttpMethod method, string path, HttpContent? content)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        HttpResponseMessage response;
        try
        {
            response = _http.Send(request);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            throw new CliException(ExitCodes.HostUnavailable, $"Cannot reach the host API at {_http.BaseAddress}: {e.Message} Check --api (or ${HostApiOptions.UrlVariable}) and that the host is running.");
        }

        using (response)
        {
            var text = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
            var body = ParseBody(text);
            if (response.IsSuccessStatusCode)
            {
                return (body, response.StatusCode);
            }

            throw Refusal(response.StatusCode, body, text);
        }
    }

    private static JsonElement ParseBody(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return default;
        }

        try
        {
            return JsonDocument.Parse(text).RootElement.Clone();
        }
        catch (JsonException)
        {
            return default;
        }
    }

    private CliException Refusal(HttpStatusCode status, JsonElement problem, string text)
    {
        string? Field(string name) => problem.ValueKind == JsonValueKind.Object && problem.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        var detail = Field("detail") ?? Field("title") ?? (text.Length is > 0 and < 500 ? text : $"HTTP {(int)status}");
        var failure = Field("failure");
        return status switch
        {
            HttpStatusCode.Unauthorized => new CliException(ExitCodes.HostUnavailable, $"The host at {_http.BaseAddress} refused the API token: {detail} Check the token variable (--token-env)."),
            HttpStatusCode.Forbidden => new CliException(ExitCodes.HostUnavailable, $"Not allowed: {detail}"),
            _ when failure is not null => CliException.Failed($"REFUSED ({failure}): {detail}"),
            _ => CliException.Failed($"The host refused the request ({(int)status} {Field("title") ?? status.ToString()}): {detail}"),
        };
    }
}
