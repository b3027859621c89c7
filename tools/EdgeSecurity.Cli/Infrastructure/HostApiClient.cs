using System.CommandLine;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace EdgeSecurity.Cli.Infrastructure;

/// <summary>
/// The host's HTTP API for analyst commands: the URL from --url (or EDGESEC_URL), the token from the
/// environment variable --token-env names (default EDGESEC_TOKEN; never an argument, it would show in ps).
/// API errors become one line with the ProblemDetails detail.
/// </summary>
internal sealed class HostApiOptions
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    private readonly Option<string?> _url = new("--url") { Description = $"The host's API (default: $EDGESEC_URL, else {DefaultUrl}).", HelpName = "URL" };

    private readonly Option<string> _tokenEnv = new("--token-env")
    {
        Description = "Environment variable holding the API token.",
        DefaultValueFactory = _ => "EDGESEC_TOKEN",
        HelpName = "VAR",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(_url);
        command.Options.Add(_tokenEnv);
    }

    public HostApiClient Connect(ParseResult parseResult, CliContext context)
    {
        var url = parseResult.GetValue(_url) ?? context.Environment("EDGESEC_URL") ?? DefaultUrl;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var baseUri) || baseUri.Scheme is not ("http" or "https"))
        {
            throw CliException.Usage($"Invalid --url '{url}': use the host's API address, e.g. {DefaultUrl}.");
        }

        var variable = parseResult.GetValue(_tokenEnv)!;
        var token = context.Environment(variable);
        return string.IsNullOrWhiteSpace(token)
            ? throw CliException.Usage($"No API token: set the environment variable {variable} (edgesec tokens create prints one).")
            : new HostApiClient(baseUri, token);
    }
}

internal sealed class HostApiClient(Uri baseUri, string token) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(30) };

    public async Task<JsonElement> GetAsync(string pathAndQuery, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, pathAndQuery, null, cancellationToken).ConfigureAwait(false);
        return await JsonSerializer.DeserializeAsync<JsonElement>(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    public async Task PostAsync(string path, object body, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Post, path, JsonSerializer.Serialize(body), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Posts <paramref name="body"/> and returns the JSON the host answered with (e.g. the created resource).</summary>
    public async Task<JsonElement> PostForJsonAsync(string path, object body, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Post, path, JsonSerializer.Serialize(body), cancellationToken).ConfigureAwait(false);
        return await JsonSerializer.DeserializeAsync<JsonElement>(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw CliException.Failed($"Cannot reach the host at {_http.BaseAddress}: {e.Message} (is it running? --url / EDGESEC_URL)");
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            var detail = await ProblemDetailAsync(response, cancellationToken).ConfigureAwait(false);
            throw response.StatusCode switch
            {
                HttpStatusCode.Unauthorized => CliException.Failed($"The host refused the token: {detail}"),
                HttpStatusCode.BadRequest => CliException.Usage(detail),
                _ => CliException.Failed($"{(int)response.StatusCode} {response.ReasonPhrase}: {detail}"),
            };
        }
    }

    private static async Task<string> ProblemDetailAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var problem = JsonDocument.Parse(text);
            return problem.RootElement.TryGetProperty("detail", out var detail) ? detail.GetString() ?? text : text;
        }
        catch (JsonException)
        {
            return text.Length > 200 ? text[..200] : text;
        }
    }

    public void Dispose() => _http.Dispose();
}
