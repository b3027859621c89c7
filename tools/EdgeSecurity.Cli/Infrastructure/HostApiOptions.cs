using System.CommandLine;

namespace EdgeSecurity.Cli.Infrastructure;

/// <summary>
/// Where the host API is and which token to send, the same for every command that calls the host:
/// <c>--url URL</c> (else $EDGESEC_URL, else the host's default address) and <c>--token-env VAR</c> naming the
/// environment variable that holds the token (default EDGESEC_TOKEN). The token itself is never an argument:
/// it would show in ps and in shell history. The names the OTA commands used first (--api, EDGESEC_API_URL,
/// EDGESEC_API_TOKEN) still work as hidden aliases so existing scripts keep running (docs/decisions.md).
/// </summary>
internal sealed class HostApiOptions
{
    public const string UrlVariable = "EDGESEC_URL";
    public const string TokenVariable = "EDGESEC_TOKEN";
    public const string LegacyUrlVariable = "EDGESEC_API_URL";
    public const string LegacyTokenVariable = "EDGESEC_API_TOKEN";
    public const string DefaultUrl = "http://127.0.0.1:5080";

    private readonly Option<string?> _url = new("--url")
    {
        Description = $"Base URL of the host API (default: ${UrlVariable}, else {DefaultUrl}).",
        HelpName = "URL",
    };

    private readonly Option<string?> _legacyUrl = new("--api") { Description = "Old name of --url.", HelpName = "URL", Hidden = true };

    private readonly Option<string?> _tokenEnv = new("--token-env")
    {
        Description = $"Environment variable holding the API token (default {TokenVariable}); changes need an operator or analyst token.",
        HelpName = "VAR",
    };

    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(_url);
        command.Options.Add(_legacyUrl);
        command.Options.Add(_tokenEnv);
    }

    /// <summary>A client for the host the options name; a usage error (exit 2) when the URL is invalid or no token is set.</summary>
    public HostApiClient Connect(ParseResult parseResult, CliContext context)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        ArgumentNullException.ThrowIfNull(context);
        var given = parseResult.GetValue(_url);
        var legacy = parseResult.GetValue(_legacyUrl);
        if (given is not null && legacy is not null)
        {
            throw CliException.Usage("Give the host's address once: --url (--api is its old name).");
        }

        var url = given ?? legacy ?? Variable(context, UrlVariable) ?? Variable(context, LegacyUrlVariable) ?? DefaultUrl;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var baseAddress) || baseAddress.Scheme is not ("http" or "https"))
        {
            throw CliException.Usage($"--url '{url}' is not an http(s) URL: use the host's API address, for example {DefaultUrl}.");
        }

        var (variable, token) = Token(parseResult.GetValue(_tokenEnv), context);
        return string.IsNullOrWhiteSpace(token)
            ? throw CliException.Usage($"No API token: the environment variable {variable} is not set. Set it to your token (edgesec tokens create prints one), or name another variable with --token-env.")
            : new HostApiClient(baseAddress, token.Trim());
    }

    private static (string Variable, string? Token) Token(string? named, CliContext context)
    {
        if (named is not null)
        {
            return (named, context.Environment(named));
        }

        var token = Variable(context, TokenVariable);
        return token is null && Variable(context, LegacyTokenVariable) is { } legacy
            ? (LegacyTokenVariable, legacy)
            : (TokenVariable, token);
    }

    // A variable set to nothing (VAR= in a shell) counts as not set.
    private static string? Variable(CliContext context, string name) => context.Environment(name) is { } value && !string.IsNullOrWhiteSpace(value) ? value : null;
}
