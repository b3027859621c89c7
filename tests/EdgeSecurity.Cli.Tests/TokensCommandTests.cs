using System.Text.Json;
using EdgeSecurity.Cli.Infrastructure;
using EdgeSecurity.Host.Api;
using EdgeSecurity.Host.Storage;

namespace EdgeSecurity.Cli.Tests;

/// <summary>`edgesec tokens create | list | revoke` on a host's SQLite database.</summary>
public sealed class TokensCommandTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public TokensCommandTests()
    {
        Directory.CreateDirectory(_cli.Path("data"));
        File.WriteAllBytes(_cli.Path("data/edgesec.db"), []);
    }

    public void Dispose() => _cli.Dispose();

    [Fact]
    [Trait("Requirement", "SR-API-007")]
    public async Task A_created_token_is_printed_once_stored_as_its_hash_listed_without_it_and_revocable()
    {
        var created = _cli.Ok("tokens", "create", "--name", "soc-day", "--role", "analyst", "--data-dir", "@data");
        var token = created.Output.Trim();
        Assert.StartsWith("est_", token, StringComparison.Ordinal);
        Assert.Contains("shown only now", created.Error, StringComparison.Ordinal);

        await using (var store = TelemetryStoreFactory.Sqlite(_cli.Path("data/edgesec.db")))
        {
            var stored = await store.FindActiveTokenAsync(ApiTokenAuthenticator.HashToken(token), CancellationToken.None);
            Assert.Equal(("soc-day", "analyst"), (stored?.Name, stored?.Role));
        }

        Assert.DoesNotContain(token, File.ReadAllText(_cli.Path("data/edgesec.db"), System.Text.Encoding.Latin1), StringComparison.Ordinal);
        var list = _cli.Ok("tokens", "list", "--data-dir", "@data");
        Assert.Contains("soc-day", list.Output, StringComparison.Ordinal);
        Assert.Contains("active", list.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(token, list.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(ApiTokenAuthenticator.HashToken(token), list.Output, StringComparison.Ordinal);

        _cli.Expect(ExitCodes.Failed, "tokens", "create", "--name", "soc-day", "--role", "viewer", "--data-dir", "@data");
        _cli.Ok("tokens", "revoke", "soc-day", "--data-dir", "@data");
        var again = _cli.Expect(ExitCodes.Failed, "tokens", "revoke", "soc-day", "--data-dir", "@data");
        Assert.Contains("No active token named 'soc-day'", again.Error, StringComparison.Ordinal);
        var json = JsonDocument.Parse(_cli.Ok("tokens", "list", "--json", "--sqlite", "@data/edgesec.db").Output).RootElement;
        var entry = Assert.Single(json.EnumerateArray());
        Assert.True(entry.GetProperty("revoked").GetBoolean());
    }

    [Fact]
    [Trait("Requirement", "SR-API-007")]
    public void Bad_names_roles_and_databases_are_refused_with_what_to_do()
    {
        var role = _cli.Expect(ExitCodes.Usage, "tokens", "create", "--name", "x", "--role", "root", "--data-dir", "@data");
        var name = _cli.Expect(ExitCodes.Usage, "tokens", "create", "--name", "Bad Name", "--role", "viewer", "--data-dir", "@data");
        var missing = _cli.Expect(ExitCodes.IoError, "tokens", "list", "--data-dir", "@nowhere");
        var env = _cli.Expect(ExitCodes.Usage, "tokens", "list", "--postgres-env", "NO_SUCH_VARIABLE");

        Assert.Contains("viewer, analyst, operator, admin", role.Error, StringComparison.Ordinal);
        Assert.Contains("--name", name.Error, StringComparison.Ordinal);
        Assert.Contains("--data-dir", missing.Error, StringComparison.Ordinal);
        Assert.Contains("NO_SUCH_VARIABLE", env.Error, StringComparison.Ordinal);
    }
}
