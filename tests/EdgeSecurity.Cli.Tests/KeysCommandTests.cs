using System.Text.Json;
using EdgeSecurity.Cli.Infrastructure;

namespace EdgeSecurity.Cli.Tests;

public sealed class KeysCommandTests : IDisposable
{
    private const string Secret = "s3cret-passphrase-for-tests";

    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    [Trait("Requirement", "SR-CLI-003")]
    public void Generate_with_json_reports_the_key_id_that_show_reports()
    {
        var generated = JsonDocument.Parse(_cli.Ok("keys", "generate", "--out", "@alice", "--json").Output).RootElement;
        var shown = JsonDocument.Parse(_cli.Ok("keys", "show", "@alice.pub", "--json").Output).RootElement;

        Assert.Equal(generated.GetProperty("keyId").GetString(), shown.GetProperty("keyId").GetString());
        Assert.Equal(32, generated.GetProperty("keyId").GetString()!.Length);
        Assert.False(generated.GetProperty("passphraseProtected").GetBoolean());
    }

    [Fact]
    [Trait("Requirement", "SR-KEY-002")]
    public void Generate_writes_an_owner_only_private_key()
    {
        _cli.Ok("keys", "generate", "--out", "@k");

        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_cli.Path("k.key")));
        }
    }

    [Fact]
    [Trait("Requirement", "SR-KEY-004")]
    public void Generate_refuses_to_overwrite_without_force()
    {
        _cli.Ok("keys", "generate", "--out", "@k");
        var before = File.ReadAllText(_cli.Path("k.key"));

        var refused = _cli.Expect(ExitCodes.Failed, "keys", "generate", "--out", "@k");

        Assert.Contains("already exists", refused.Error, StringComparison.Ordinal);
        Assert.Contains("--force", refused.Error, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllText(_cli.Path("k.key")));
        _cli.Ok("keys", "generate", "--out", "@k", "--force");
        Assert.NotEqual(before, File.ReadAllText(_cli.Path("k.key")));
    }

    [Fact]
    [Trait("Requirement", "SR-KEY-005")]
    public void Passphrases_come_from_the_environment_and_are_never_printed()
    {
        _cli.SetEnvironment("EDGESEC_TEST_PASS", Secret);

        var result = _cli.Ok("keys", "generate", "--out", "@p", "--passphrase-env", "EDGESEC_TEST_PASS", "--json");

        Assert.True(JsonDocument.Parse(result.Output).RootElement.GetProperty("passphraseProtected").GetBoolean());
        Assert.DoesNotContain(Secret, result.Output + result.Error + File.ReadAllText(_cli.Path("p.key")), StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Requirement", "SR-KEY-005")]
    public void Asking_on_the_terminal_needs_the_passphrase_twice_and_the_same()
    {
        _cli.Prompt.Answer(Secret, "different");

        var result = _cli.Expect(ExitCodes.Usage, "keys", "generate", "--out", "@a", "--ask-passphrase");

        Assert.Contains("differ", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(_cli.Path("a.key")));
        Assert.Equal(2, _cli.Prompt.Prompts.Count);
    }

    [Fact]
    [Trait("Requirement", "SR-CLI-002")]
    public void Asking_without_a_terminal_says_what_to_use_instead()
    {
        var result = _cli.Expect(ExitCodes.Usage, "keys", "generate", "--out", "@a", "--ask-passphrase");

        Assert.Contains("--passphrase-env", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Requirement", "SR-CLI-002")]
    public void An_unset_passphrase_variable_is_a_usage_error_naming_the_variable()
    {
        var result = _cli.Expect(ExitCodes.Usage, "keys", "generate", "--out", "@a", "--passphrase-env", "EDGESEC_NOT_SET");

        Assert.Contains("EDGESEC_NOT_SET", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(_cli.Path("a.key")));
    }

    [Fact]
    [Trait("Requirement", "SR-CLI-002")]
    public void Two_passphrase_sources_are_a_usage_error()
    {
        File.WriteAllText(_cli.Path("pass.txt"), Secret + "\n");
        _cli.SetEnvironment("EDGESEC_TEST_PASS", Secret);

        var result = _cli.Expect(ExitCodes.Usage, "keys", "generate", "--out", "@a", "--passphrase-env", "EDGESEC_TEST_PASS", "--passphrase-file", "@pass.txt");

        Assert.Contains("at most one", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [Trait("Requirement", "SR-CLI-002")]
    [InlineData("keys", "generate")]
    [InlineData("keys", "frobnicate")]
    [InlineData("keys")]
    [InlineData("keys", "show")]
    [InlineData("keys", "generate", "--out", "x", "--no-such-option")]
    public void Usage_errors_exit_2_and_point_to_help(params string[] args)
    {
        var result = _cli.Expect(ExitCodes.Usage, args);

        Assert.Contains("--help", result.Error, StringComparison.Ordinal);
        Assert.Empty(result.Output);
    }

    [Fact]
    [Trait("Requirement", "SR-CLI-002")]
    public void Show_of_a_missing_file_exits_3_naming_the_file()
    {
        var result = _cli.Expect(ExitCodes.IoError, "keys", "show", "@absent.pub");

        Assert.Contains("absent.pub", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Requirement", "SR-CLI-002")]
    public void Generating_into_a_missing_folder_exits_3_naming_the_folder()
    {
        var result = _cli.Expect(ExitCodes.IoError, "keys", "generate", "--out", "@no-such-folder/k");

        Assert.Contains("no-such-folder", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(".tmp-", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Requirement", "SR-CLI-002")]
    public void Every_command_has_help()
    {
        string[][] commands =
        [
            ["keys"], ["keys", "generate"], ["keys", "show"],
            ["root"], ["root", "init"], ["root", "sign"], ["root", "rotate"], ["root", "revoke-key"], ["root", "verify"], ["root", "inspect"],
            ["bundle"], ["bundle", "create"], ["bundle", "sign"], ["bundle", "verify"], ["bundle", "inspect"],
        ];
        foreach (var command in commands)
        {
            var result = _cli.Ok([.. command, "--help"]);
            Assert.Contains("Usage:", result.Output, StringComparison.Ordinal);
        }
    }
}
