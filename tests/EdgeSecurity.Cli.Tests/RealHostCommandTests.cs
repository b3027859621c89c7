using EdgeSecurity.Host.Api;
using EdgeSecurity.Host.Configuration;
using EdgeSecurity.Host.Hosting;
using EdgeSecurity.Host.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EdgeSecurity.Cli.Tests;

/// <summary>
/// CLI commands against a real host (its own mosquitto, SQLite and API) with one API token of the given role,
/// which the CLI finds in EDGESEC_URL and EDGESEC_TOKEN as a user's shell would give them.
/// </summary>
public abstract class RealHostCommandTests(string tokenName, string role) : IAsyncLifetime
{
    protected CliRunner Cli { get; } = new();

    protected string Token { get; } = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));

    protected RunningHost ApiHost { get; private set; } = null!;

    protected ITelemetryStore Store => ApiHost.Services.GetRequiredService<ITelemetryStore>();

    public async Task InitializeAsync()
    {
        Cli.Ok("pki", "init", "--dir", "@pki");
        var options = new EdgeSecurityHostOptions { DataDirectory = Cli.Path("data"), PkiDirectory = Cli.Path("pki") };
        options.Urls.Add("http://127.0.0.1:0");
        options.Api.Tokens.Add(new ApiTokenOptions { Name = tokenName, Role = role, Sha256 = ApiTokenAuthenticator.HashToken(Token) });
        ApiHost = await EdgeSecurityHost.StartAsync(options, CancellationToken.None, b => b.Logging.ClearProviders());
        Cli.SetEnvironment("EDGESEC_URL", ApiHost.BaseAddress.ToString());
        Cli.SetEnvironment("EDGESEC_TOKEN", Token);
    }

    public async Task DisposeAsync()
    {
        await ApiHost.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Cli.Dispose();
    }
}
