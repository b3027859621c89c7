using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace EdgeSecurity.Cli.Infrastructure;

/// <summary>
/// The host API (docs/api.md) as every edgesec command calls it: one request, one JSON answer. A refusal
/// becomes a <see cref="CliException"/> with the host's ProblemDetails detail and one exit code per cause:
/// 4 when the host cannot be reached or refuses the token or its role (401, 403, 429); 2 when the host names
/// a parameter the command sent as invalid; 1 when it refuses the operation itself (for uploads with the
/// core's failure name).
/// </summary>
internal sealed class HostApiClient(Uri baseAddress, string token) : IDisposable
{
    // Generous: a bundle upload is checked in full (every chunk) before the host answers.
    private readonly HttpClient _http = new() { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(120) };

    public async Task<JsonElement> GetAsync(string pathAndQuery, CancellationToken cancellationToken) =>
        (await SendAsync(HttpMethod.Get, pathAndQuery, null, cancellationToken).ConfigureAwait(false)).Body;

    public async Task PostAsync(string path, object body, CancellationToken cancellationToken) =>
        await SendAsync(HttpMethod.Post, path, JsonContent.Create(body), cancellationToken).ConfigureAwait(false);

    /// <summary>Posts <paramref name="body"/> and returns the JSON the host answered with (e.g. the created resource).</summary>
    public async Task<JsonElement> PostForJsonAsync(string path, object body, CancellationToken cancellationToken) =>
        (await SendAsync(HttpMethod.Post, path, JsonContent.Create(body), cancellationToken).ConfigureAwait(false)).Body;

    public JsonElement Get(string path) => Wait(SendAsync(HttpMethod.Get, path, null, CancellationToken.None)).Body;

    public JsonElement Post(string path, object? body = null) =>
        Wait(SendAsync(HttpMethod.Post, path, body is null ? null : JsonContent.Create(body), CancellationToken.None)).Body;

    public JsonElement Put(string path, object body) => Wait(SendAsync(HttpMethod.Put, path, JsonContent.Create(body), CancellationToken.None)).Body;

    /// <summary>Posts raw file bytes; <paramref name="created"/> tells a new resource (201) from an existing one (200).</summary>
    public JsonElement PostBytes(string path, byte[] bytes, out bool created)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        var (body, status) = Wait(SendAsync(HttpMethod.Post, path, content, CancellationToken.None));
        created = status == HttpStatusCode.Created;
        return body;
    }

    public void Dispose() => _http.Dispose();

    private static T Wait<T>(Task<T> task) => task.GetAwaiter().GetResult();

    private async Task<(JsonElement Body, HttpStatusCode Status)> SendAsync(HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new CliException(ExitCodes.HostUnavailable, $"Cannot reach the host API at {_http.BaseAddress}: {e.Message} Check --url (or ${HostApiOptions.UrlVariable}) and that the host is running.");
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            var body = ParseBody(text);
            return response.IsSuccessStatusCode ? (body, response.StatusCode) : throw Refusal(response.StatusCode, body, text);
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
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
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
            HttpStatusCode.Unauthorized => new CliException(ExitCodes.HostUnavailable, $"The host at {_http.BaseAddress} refused the API token: {detail} Check the token in ${HostApiOptions.TokenVariable} (or the variable --token-env names)."),
            HttpStatusCode.Forbidden => new CliException(ExitCodes.HostUnavailable, $"Not allowed: {detail}"),
            HttpStatusCode.TooManyRequests => new CliException(ExitCodes.HostUnavailable, $"The host is refusing this address for now: {detail}"),
            _ when failure is not null => CliException.Failed($"REFUSED ({failure}): {detail}"),
            HttpStatusCode.BadRequest when Field("parameter") is not null => CliException.Usage(detail),
            _ => CliException.Failed($"The host refused the request ({(int)status} {Field("title") ?? status.ToString()}): {detail}"),
        };
    }
}
