using System.Net;
using System.Net.Sockets;
using EdgeSecurity.Cli.Infrastructure;

namespace EdgeSecurity.Cli.Tests;

/// <summary>`edgesec ota` without a host: help, usage errors and an unreachable host (the runs against a real
/// host are in tests/EdgeSecurity.Host.Tests, OtaCliTests).</summary>
public sealed class OtaCommandTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public void Help_lists_the_operator_commands()
    {
        var ota = _cli.Ok("ota", "--help").Output;
        foreach (var command in new[] { "upload", "bundles", "root", "min-counter", "campaign", "audit" })
        {
            Assert.Contains(command, ota, StringComparison.Ordinal);
        }

        var campaign = _cli.Ok("ota", "campaign", "--help").Output;
        foreach (var command in new[] { "create", "list", "status", "pause", "resume", "abort" })
        {
            Assert.Contains(command, campaign, StringComparison.Ordinal);
        }

        var create = _cli.Ok("ota", "campaign", "create", "--help").Output;
        Assert.Contains("--waves", create, StringComparison.Ordinal);
        Assert.Contains("--token-env", create, StringComparison.Ordinal);
        Assert.Contains("tag", _cli.Ok("device", "--help").Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_token_the_command_is_a_usage_error_naming_the_variable()
    {
        File.WriteAllBytes(_cli.Path("b.esb"), [1, 2, 3]);
        var result = _cli.Expect(ExitCodes.Usage, "ota", "upload", "@b.esb");
        Assert.Contains("EDGESEC_TOKEN", result.Error, StringComparison.Ordinal);

        _cli.SetEnvironment("MY_TOKEN", "t");
        Assert.Contains("'nope'", _cli.Expect(ExitCodes.Usage, "ota", "bundles", "--token-env", "MY_TOKEN", "--api", "nope").Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_bundle_file_is_an_io_error_and_an_unreachable_host_exit_4()
    {
        _cli.SetEnvironment("EDGESEC_API_TOKEN", "t");
        _cli.SetEnvironment("EDGESEC_API_URL", "http://127.0.0.1:" + FreePort());
        Assert.Contains("does not exist", _cli.Expect(ExitCodes.IoError, "ota", "upload", "@missing.esb").Error, StringComparison.Ordinal);
        var unreachable = _cli.Expect(ExitCodes.HostUnavailable, "ota", "campaign", "list");
        Assert.Contains("Cannot reach the host API", unreachable.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("=t", unreachable.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Campaign_create_needs_exactly_one_subject_and_tags_need_clear_to_remove_all()
    {
        _cli.SetEnvironment("EDGESEC_API_TOKEN", "t");
        _cli.SetEnvironment("EDGESEC_API_URL", "http://127.0.0.1:" + FreePort());
        Assert.Contains("exactly one", _cli.Expect(ExitCodes.Usage, "ota", "campaign", "create").Error, StringComparison.Ordinal);
        Assert.Contains("exactly one", _cli.Expect(ExitCodes.Usage, "ota", "campaign", "create", "--bundle", "ab", "--root", "2").Error, StringComparison.Ordinal);
        Assert.Contains("--clear", _cli.Expect(ExitCodes.Usage, "device", "tag", "dev-a").Error, StringComparison.Ordinal);
        _cli.Expect(ExitCodes.Usage, "ota", "campaign", "pause", "not-a-number");
    }

    [Fact]
    [Trait("Requirement", "SR-CLI-005")]
    public void An_unreachable_host_is_exit_4_for_every_command_that_calls_it()
    {
        _cli.SetEnvironment("EDGESEC_TOKEN", "t");
        _cli.SetEnvironment("EDGESEC_URL", "http://127.0.0.1:" + FreePort());
        foreach (var line in new[] { new[] { "alerts", "list" }, ["events", "tail"], ["alerts", "ack", "1"], ["ota", "bundles"], ["device", "tag", "dev-a", "lab"] })
        {
            var result = _cli.Expect(ExitCodes.HostUnavailable, line);
            Assert.Contains("Cannot reach the host API", result.Error, StringComparison.Ordinal);
        }
    }

    [Theory]
    [Trait("Requirement", "SR-CLI-005")]
    [InlineData("alerts list")]
    [InlineData("alerts resolve")]
    [InlineData("events tail")]
    [InlineData("ota campaign create")]
    [InlineData("device tag")]
    public void Every_host_command_documents_url_and_token_env_and_hides_the_old_name(string command)
    {
        var help = _cli.Ok([.. command.Split(' '), "--help"]).Output;
        Assert.Contains("--url", help, StringComparison.Ordinal);
        Assert.Contains("--token-env", help, StringComparison.Ordinal);
        Assert.Contains("EDGESEC_URL", help, StringComparison.Ordinal);
        Assert.DoesNotContain("--api", help, StringComparison.Ordinal);
    }

    // A port nobody listens on: bound, read, released.
    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
