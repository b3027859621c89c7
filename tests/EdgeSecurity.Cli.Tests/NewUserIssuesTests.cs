using EdgeSecurity.Cli.Infrastructure;

namespace EdgeSecurity.Cli.Tests;

/// <summary>What a new user ran into (issue 11, "found when tried as a new user would"), each as it must behave now.</summary>
public sealed class NewUserIssuesTests : IDisposable
{
    private readonly ReleaseSetup _release = new();

    private CliRunner Cli => _release.Cli;

    public void Dispose() => _release.Dispose();

    [Fact]
    public void Verifying_a_malformed_file_names_the_users_file()
    {
        File.WriteAllText(Cli.Path("mine.esb"), "garbage");

        var result = _release.Verify("mine.esb", "root-v1.bin");

        Assert.Equal(ExitCodes.Failed, result.ExitCode);
        Assert.Contains(Cli.Path("mine.esb"), result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("bundle.esb", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Signing_a_bundle_with_a_root_key_warns_when_the_root_is_given_and_suggests_it_when_not()
    {
        _release.Bundle("app.esb", "rel1");

        var withRoot = Cli.Ok("bundle", "sign", "@app.esb", "--key", "@root1.key", "--root", "@root-v1.bin", "--out", "@a.esb");
        var withoutRoot = Cli.Ok("bundle", "sign", "@app.esb", "--key", "@root1.key", "--out", "@b.esb");
        var release = Cli.Ok("bundle", "sign", "@app.esb", "--key", "@rel2.key", "--root", "@root-v1.bin", "--out", "@c.esb");

        Assert.Contains("is a root key, not a release key", withRoot.Error, StringComparison.Ordinal);
        Assert.Contains("pass --root", withoutRoot.Error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, release.Error);
    }

    [Fact]
    public void The_hint_after_root_init_includes_the_passphrase_option_the_next_command_needs()
    {
        var result = Cli.Ok(
            "root", "init", "--root-key", "@root1.pub", "--root-threshold", "1", "--release-key", "@rel1.pub", "--release-threshold", "1",
            "--expires", "+30", "--out", "@fresh.bin");

        Assert.Contains("--passphrase-env", result.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("frobnicate --help", "Unknown command 'frobnicate' for edgesec")]
    [InlineData("root frobnicate --help", "Unknown command 'frobnicate' for 'root'")]
    public void An_unknown_command_with_help_says_it_does_not_exist(string line, string expected)
    {
        var result = Cli.Expect(ExitCodes.Usage, line.Split(' '));

        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Description:", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_command_is_one_message_and_a_missing_one_lists_the_choices()
    {
        var unknown = Cli.Expect(ExitCodes.Usage, "root", "frobnicate");
        var missing = Cli.Expect(ExitCodes.Usage, "bundle");

        Assert.DoesNotContain("Required command was not provided", unknown.Error, StringComparison.Ordinal);
        Assert.Contains("use one of init, sign", unknown.Error, StringComparison.Ordinal);
        Assert.Contains("'bundle' needs a command: one of create, sign, verify, inspect", missing.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_value_of_the_wrong_type_says_what_was_expected_in_words()
    {
        _release.Bundle("app.esb", "rel1", "rel2");

        var result = Cli.Expect(ExitCodes.Usage, "bundle", "verify", "@app.esb", "--root", "@root-v1.bin", "--hardware-class", ReleaseSetup.HardwareClass, "--min-counter", "abc");

        Assert.Contains("Invalid value 'abc' for --min-counter: expected a whole number.", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("System.Int64", result.Error, StringComparison.Ordinal);
    }
}
