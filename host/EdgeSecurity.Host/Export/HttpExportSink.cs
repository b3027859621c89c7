using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace EdgeSecurity.Host.Export;

/// <summary>POSTs a batch as OCSF NDJSON to a collector; any answer but 2xx is a failed delivery (retried).</summary>
public sealed class HttpExportSink(Uri url, string? bearerToken, TimeSpan timeout) : IExportSink
{
    private readonly HttpClient _http = new() { Timeout = timeout };

    public async Task DeliverAsync(IReadOnlyList<JsonObject> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        using var body = new MemoryStream();
        foreach (var ocsf in batch)
        {
            body.Write(OcsfExport.Line(ocsf));
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body.ToArray()) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
        if (bearerToken is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearerToken);
        }

        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"The collector at {url} answered {(int)response.StatusCode} {response.ReasonPhrase}.", null, response.StatusCode);
        }
    }

    public ValueTask DisposeAsync()
    {
        _http.Dispose();
        return ValueTask.CompletedTask;
    }
}
