using Microsoft.Extensions.FileProviders;

namespace EdgeSecurity.Host.WebConsole;

/// <summary>
/// The SOC web console (docs/console.md): static HTML, JavaScript modules and CSS embedded in the host
/// assembly and served under <see cref="Path"/> by the API's own Kestrel. The pages call the API with the
/// analyst's token; the files themselves hold no data, so they need no token.
/// </summary>
public static class ConsoleSite
{
    /// <summary>Where the console is served.</summary>
    public const string Path = "/console";

    /// <summary>
    /// Scripts and styles only from the console's own files (no inline script or style, no eval), requests only
    /// to this host, no framing, no plugins, no form posts elsewhere: device-supplied text that slipped into the
    /// page as markup could still not run.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private const string ResourcePrefix = "EdgeSecurity.Host.WebConsole.Assets";

    /// <summary>Serves the console's files: <c>/console</c> redirects to <c>/console/</c>, which is index.html.</summary>
    public static void UseConsole(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var files = new EmbeddedFileProvider(typeof(ConsoleSite).Assembly, ResourcePrefix);
        app.UseDefaultFiles(new DefaultFilesOptions { RequestPath = Path, FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions
        {
            RequestPath = Path,
            FileProvider = files,
            OnPrepareResponse = context => AddSecurityHeaders(context.Context.Response.Headers),
        });
    }

    /// <summary>The headers every console file is sent with.</summary>
    public static void AddSecurityHeaders(IHeaderDictionary headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        // A new host version's files are picked up at once: the browser revalidates every time.
        headers.CacheControl = "no-cache";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
    }
}
