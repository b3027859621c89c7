using System.CommandLine;
using EdgeSecurity.Cli.Infrastructure;

namespace EdgeSecurity.Cli.Commands.Ota;

/// <summary>
/// Where the host API is and which token to send: <c>--api URL</c> (else $EDGESEC_API_URL, else the host's
/// default address) and <c>--token-env VAR</c> naming the environment variable that holds the token (default
/// EDGESEC_API_TOKEN). The token itself is never an argument: it would show in ps and in shell history.
/// </summary>
internal sealed class HostApiOptions
{
    public const string UrlVariable = "EDGESEC_API_URL";
    public const string DefaultTokenVariable = "EDGESEC_API_TOKEN";
    public const string DefaultUrl = "http://127.0.0.1:5080";

    private readonly Option<string?> _api = new("--api")
    {
        Description = $"Base URL of the host API (default: ${UrlVariable}, else {DefaultUrl}).",
        HelpName = "URL",
    };

    private readonly Option<string> _tokenEnv = new("--token-env")
    {
        Description = $"Environment variable holding the API token (default {DefaultTokenVariable}); an operator token for changes.",
        HelpName = "VAR",
        DefaultValueFactory = _ => DefaultTokenVariable,
    };

    public void AddTo(Command command)
    {
        command.Options.Add(_api);
        command.Options.Add(_tokenEnv);
    }

    public HostApiClient Open(ParseResult parseResult, CliContext context)
    {
        var url = parseResult.GetValue(_api) ?? context.Environment(UrlVariable) ?? DefaultUrl;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var baseAddress) || (baseAddress.Scheme != Uri.UriSchemeHttp && baseAddress.Scheme != Uri.UriSchemeHttps))
        {
            throw CliException.Usage($"--api '{url}' is not an http(s) URL, for example {DefaultUrl}.");
        }

        var variable = parseResult.GetValue(_tokenEnv)!;
        var token = context.Environment(variable);
        if (string.IsNullOrWhiteSpace(token))
        {
            throw CliException.Usage($"No API token: the environment variable {variable} is not set. Set it to your token (or name another variable with --token-env).");
        }

        return new HostApiClient(baseAddress, token.Trim());
    }
}
