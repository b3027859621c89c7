using System.Text.Json;
using EdgeSecurity.Cli.Infrastructure;

namespace EdgeSecurity.Cli.Tests;

public sealed class TrustRootCommandTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public TrustRootCommandTests()
    {
        foreach (var key in new[] { "root1", "rel1", "rel2" })
        {
            _cli.Ok("keys", "generate", "--out", "@" + key);
        }

        _cli.Ok(
            "root", "init", "--root-key", "@root1.pub", "--root-threshold", "1", "--release-key", "@rel1.pub", "@rel2.pub",
            "--release-threshold", "2", "--expires", "+30", "--out", "@root.esr");
    }

    public void Dispose() => _cli.Dispose();

    [Fact]
    [Trait("Requirement", "SR-CLI-001")]
    public void An_unsigned_root_is_not_accepted_and_says_how_to_sign_it()
    {
        var result = _cli.Expect(ExitCodes.Failed, "root", "verify", "@root.esr");

        Assert.Contains("root sign", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Requirement", "SR-CLI-003")]
    public void Inspect_json_lists_roles_thresholds_keys_and_signers()
    {
        _cli.Ok("root", "sign", "@root.esr", "--key", "@root1.key");

        var json = JsonDocument.Parse(_cli.Ok("root", "inspect", "@root.esr", "--json").Output).RootElement;

        Assert.Equal(1, json.GetProperty("version").GetInt64());
        Assert.True(json.GetProperty("signed").GetBoolean());
        var release = json.GetProperty("roles").EnumerateArray().Single(r => r.GetProperty("name").GetString() == "release");
        Assert.Equal(2, release.GetProperty("threshold").GetInt32());
        Assert.Equal(2, release.GetProperty("keyIds").GetArrayLength());
        Assert.Equal(3, json.GetProperty("keys").GetArrayLength());
        Assert.Equal("root key", json.GetProperty("signatures")[0].GetProperty("signer").GetString());
    }

    [Fact]
    [Trait("Requirement", "SR-CLI-002")]
    public void A_file_that_is_not_a_trust_root_is_named_with_the_cores_reason()
    {
        File.WriteAllText(_cli.Path("junk.esr"), "definitely not a root");

        var result = _cli.Expect(ExitCodes.Failed, "root", "inspect", "@junk.esr");

        Assert.Contains("not a valid trust root", result.Error, StringComparison.Ordinal);
        Assert.Contains("BadMagic", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [Trait("Requirement", "SR-CLI-002")]
    [InlineData("--key-id", "xyz")]
    [InlineData("--key-id", "00112233")]
    public void Revoking_needs_a_well_formed_key_id(string option, string value)
    {
        var result = _cli.Expect(ExitCodes.Usage, "root", "revoke-key", "@root.esr", option, value, "--out", "@next.esr");

        Assert.Contains("not a key id", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(_cli.Path("next.esr")));
    }

    [Fact]
    [Trait("Requirement", "SR-CLI-002")]
    public void Revoking_without_naming_a_key_is_a_usage_error()
    {
        var result = _cli.Expect(ExitCodes.Usage, "root", "revoke-key", "@root.esr", "--out", "@next.esr");

        Assert.Contains("--key-id", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Requirement", "SR-KEY-007")]
    public void Revoking_below_the_threshold_is_refused_and_writes_nothing()
    {
        var result = _cli.Expect(ExitCodes.Failed, "root", "revoke-key", "@root.esr", "--public-key", "@rel1.pub", "--out", "@next.esr");

        Assert.Contains("threshold", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(_cli.Path("next.esr")));
    }

    [Fact]
    [Trait("Requirement", "SR-CLI-002")]
    public void Outputs_are_not_replaced_without_force()
    {
        var before = File.ReadAllBytes(_cli.Path("root.esr"));

        var result = _cli.Expect(
            ExitCodes.Failed, "root", "init", "--root-key", "@root1.pub", "--root-threshold", "1", "--release-key", "@rel1.pub",
            "--release-threshold", "1", "--expires", "+30", "--out", "@root.esr");

        Assert.Contains("--force", result.Error, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(_cli.Path("root.esr")));
    }

    [Theory]
    [Trait("Requirement", "SR-CLI-002")]
    [InlineData("--root-threshold", "0")]
    [InlineData("--release-threshold", "3")]
    [InlineData("--expires", "2001-01-01")]
    public void Bad_root_settings_are_refused_with_the_option_named(string option, string value)
    {
        var args = new List<string>
        {
            "root", "init", "--root-key", "@root1.pub", "--root-threshold", "1", "--release-key", "@rel1.pub", "@rel2.pub",
            "--release-threshold", "2", "--expires", "+30", "--out", "@other.esr",
        };
        args[args.IndexOf(option) + 1] = value;

        var result = _cli.Run([.. args]);

        Assert.NotEqual(ExitCodes.Ok, result.ExitCode);
        Assert.Contains(option.TrimStart('-').Split('-')[0], result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(_cli.Path("other.esr")));
    }
}
