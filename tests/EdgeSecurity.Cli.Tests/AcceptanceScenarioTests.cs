using System.Text.Json;
using EdgeSecurity.Cli.Infrastructure;
using EdgeSecurity.Signing.Bundles;

namespace EdgeSecurity.Cli.Tests;

/// <summary>
/// The device engineer's workflow end to end through edgesec, in-process: threshold signing, tampering,
/// revocation and rotation, with `bundle verify` deciding exactly as a device does.
/// </summary>
public sealed class AcceptanceScenarioTests(ReleaseSetup setup) : IClassFixture<ReleaseSetup>
{
    private CliRunner Cli => setup.Cli;

    [Fact]
    [Trait("Requirement", "SR-TRUST-001")]
    [Trait("Requirement", "SR-CLI-001")]
    [Trait("Requirement", "SR-KEY-006")]
    public void One_signature_of_a_threshold_of_two_is_rejected_and_a_second_makes_it_valid()
    {
        setup.Bundle("threshold.esb", "rel1");

        var rejected = setup.Verify("threshold.esb", "root-v1.bin");

        Assert.Equal(ExitCodes.Failed, rejected.ExitCode);
        Assert.Contains("ThresholdNotMet", rejected.Error, StringComparison.Ordinal);
        Assert.Contains("1 valid signature(s)", rejected.Error, StringComparison.Ordinal);

        Cli.Ok("bundle", "sign", "@threshold.esb", "--key", "@rel2.key");
        var accepted = setup.Verify("threshold.esb", "root-v1.bin");

        Assert.Equal(ExitCodes.Ok, accepted.ExitCode);
        Assert.StartsWith("VALID", accepted.Output, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Requirement", "SR-TRUST-001")]
    [Trait("Requirement", "SR-CLI-001")]
    public void Two_signatures_by_the_same_key_do_not_make_a_threshold()
    {
        setup.Bundle("same-key.esb", "rel1");

        var refused = Cli.Expect(ExitCodes.Failed, "bundle", "sign", "@same-key.esb", "--key", "@rel1.key");

        Assert.Contains("already signed by key", refused.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Failed, setup.Verify("same-key.esb", "root-v1.bin").ExitCode);
    }

    [Theory]
    [Trait("Requirement", "SR-CLI-001")]
    [InlineData("container magic", 0)]
    [InlineData("container format version", 5)]
    [InlineData("signed manifest length", 8)]
    [InlineData("manifest magic", 20)]
    [InlineData("manifest body", 60)]
    [InlineData("manifest body", 200)]
    [InlineData("first signature key id", -166)]
    [InlineData("first signature", -120)]
    [InlineData("last signature", -1)]
    [InlineData("first payload byte", 0)]
    [InlineData("payload middle", 5_000)]
    [InlineData("last payload byte", -1)]
    public void Flipping_any_byte_of_a_valid_bundle_is_rejected_with_a_reason(string region, int position)
    {
        var name = setup.Bundle($"flip-{region.Replace(' ', '-')}-{position}.esb", "rel1", "rel2");
        var bytes = File.ReadAllBytes(Cli.Path(name));
        var header = BundleFile.Parse(bytes).Container.HeaderLength;
        var index = region switch
        {
            _ when region.Contains("payload", StringComparison.Ordinal) => position >= 0 ? header + position : bytes.Length + position,
            _ when region.Contains("signature", StringComparison.Ordinal) => header + position,
            _ => position,
        };
        bytes[index] ^= 0x01;
        File.WriteAllBytes(Cli.Path(name), bytes);

        var result = setup.Verify(name, "root-v1.bin");

        Assert.Equal(ExitCodes.Failed, result.ExitCode);
        Assert.Matches("INVALID \\(\\w+\\)|not a valid bundle", result.Error);
        Assert.DoesNotContain("internal error", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Requirement", "SR-TRUST-003")]
    [Trait("Requirement", "SR-CLI-001")]
    [Trait("Requirement", "SR-KEY-007")]
    public void A_revoked_key_no_longer_counts_once_devices_hold_the_new_root()
    {
        var rel3 = KeyId("rel3.pub");
        Cli.Ok("root", "revoke-key", "@root-v1.bin", "--key-id", rel3, "--out", "@root-revoked.bin");
        Cli.Ok("root", "sign", "@root-revoked.bin", "--key", "@root1.key");
        Cli.Ok("root", "sign", "@root-revoked.bin", "--key", "@root2.key");
        Cli.Ok("root", "verify", "@root-revoked.bin", "--previous", "@root-v1.bin");
        setup.Bundle("with-revoked.esb", "rel1", "rel3");

        var rejected = setup.Verify("with-revoked.esb", "root-revoked.bin");

        Assert.Equal(ExitCodes.Failed, rejected.ExitCode);
        Assert.Contains("RevokedKey", rejected.Error, StringComparison.Ordinal);
        var inspect = JsonDocument.Parse(Cli.Ok("root", "inspect", "@root-revoked.bin", "--json").Output).RootElement;
        Assert.Equal(rel3, inspect.GetProperty("revokedKeyIds")[0].GetString());
        Assert.Equal(ExitCodes.Ok, setup.Verify("with-revoked.esb", "root-v1.bin").ExitCode);
    }

    [Fact]
    [Trait("Requirement", "SR-TRUST-005")]
    [Trait("Requirement", "SR-CLI-001")]
    [Trait("Requirement", "SR-KEY-008")]
    public void After_a_rotation_the_new_root_verifies_new_keys_and_the_old_root_refuses_them()
    {
        foreach (var key in new[] { "root3", "root4", "rel4", "rel5" })
        {
            Cli.Ok("keys", "generate", "--out", "@" + key);
        }

        Cli.Ok(
            "root", "rotate", "--current", "@root-v1.bin", "--root-key", "@root3.pub", "@root4.pub",
            "--release-key", "@rel1.pub", "@rel4.pub", "@rel5.pub", "--expires", "+730", "--out", "@root-v2.bin");
        Cli.Ok("root", "sign", "@root-v2.bin", "--key", "@root1.key");
        Cli.Ok("root", "sign", "@root-v2.bin", "--key", "@root2.key");

        var onlyOldKeys = Cli.Expect(ExitCodes.Failed, "root", "verify", "@root-v2.bin", "--previous", "@root-v1.bin");
        Assert.Contains("not signed by its own root role", onlyOldKeys.Error, StringComparison.Ordinal);

        Cli.Ok("root", "sign", "@root-v2.bin", "--key", "@root3.key");
        Cli.Ok("root", "sign", "@root-v2.bin", "--key", "@root4.key");
        Cli.Ok("root", "verify", "@root-v2.bin", "--previous", "@root-v1.bin");
        Cli.Ok("root", "verify", "@root-v2.bin");

        setup.Bundle("new-keys.esb", "rel4", "rel5");
        Assert.Equal(ExitCodes.Ok, setup.Verify("new-keys.esb", "root-v2.bin").ExitCode);
        var oldRoot = setup.Verify("new-keys.esb", "root-v1.bin");
        Assert.Equal(ExitCodes.Failed, oldRoot.ExitCode);
        Assert.Contains("UnknownKey", oldRoot.Error, StringComparison.Ordinal);

        setup.Bundle("old-keys.esb", "rel1", "rel2");
        var rotatedOut = setup.Verify("old-keys.esb", "root-v2.bin");
        Assert.Equal(ExitCodes.Failed, rotatedOut.ExitCode);
        Assert.Contains("UnknownKey", rotatedOut.Error, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Requirement", "SR-TRUST-005")]
    [Trait("Requirement", "SR-CLI-001")]
    public void A_rotation_not_signed_by_the_current_root_is_refused()
    {
        Cli.Ok("keys", "generate", "--out", "@intruder");
        Cli.Ok("root", "rotate", "--current", "@root-v1.bin", "--root-key", "@intruder.pub", "--root-threshold", "1", "--out", "@root-hijack.bin");
        Cli.Ok("root", "sign", "@root-hijack.bin", "--key", "@intruder.key");

        var result = Cli.Expect(ExitCodes.Failed, "root", "verify", "@root-hijack.bin", "--previous", "@root-v1.bin");

        Assert.Contains("not authorized by the current root", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [Trait("Requirement", "SR-CLI-001")]
    [InlineData("--hardware-class", "esp32-s3", "WrongHardwareClass")]
    [InlineData("--min-counter", "8", "CounterRollback")]
    public void Device_conditions_are_checked(string option, string value, string failure)
    {
        var name = setup.Bundle($"conditions-{value}.esb", "rel1", "rel2");
        var args = option == "--hardware-class"
            ? new[] { "bundle", "verify", "@" + name, "--root", "@root-v1.bin", option, value }
            : ["bundle", "verify", "@" + name, "--root", "@root-v1.bin", "--hardware-class", ReleaseSetup.HardwareClass, option, value];

        var result = Cli.Expect(ExitCodes.Failed, args);

        Assert.Contains(failure, result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [Trait("Requirement", "SR-CLI-001")]
    [InlineData(100, "Expired")]
    [InlineData(400, "TrustRootExpired")]
    public void Stale_bundles_and_roots_are_refused_after_their_expiry(int daysLater, string failure)
    {
        var name = setup.Bundle($"stale-{daysLater}.esb", "rel1", "rel2");

        setup.Cli.ClockOffset = TimeSpan.FromDays(daysLater);
        CliResult result;
        try
        {
            result = setup.Verify(name, "root-v1.bin");
        }
        finally
        {
            setup.Cli.ClockOffset = TimeSpan.Zero;
        }

        Assert.Equal(ExitCodes.Failed, result.ExitCode);
        Assert.Contains($"INVALID ({failure})", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Requirement", "SR-CLI-003")]
    public void Verify_and_inspect_json_describe_the_bundle()
    {
        setup.Bundle("json.esb", "rel1", "rel2");

        var verify = JsonDocument.Parse(setup.Verify("json.esb", "root-v1.bin", "--json").Output).RootElement;
        var inspect = JsonDocument.Parse(Cli.Ok("bundle", "inspect", "@json.esb", "--root", "@root-v1.bin", "--json").Output).RootElement;

        Assert.True(verify.GetProperty("valid").GetBoolean());
        Assert.Equal(2, verify.GetProperty("validSignatures").GetInt32());
        Assert.Equal(ReleaseSetup.HardwareClass, inspect.GetProperty("hardwareClass").GetString());
        Assert.Equal("1.4.0.0", inspect.GetProperty("version").GetString());
        Assert.Equal(7, inspect.GetProperty("securityCounter").GetInt64());
        var components = inspect.GetProperty("components").EnumerateArray().ToList();
        Assert.Equal(["App.pe", "device-ca.crt", "settings.json"], components.Select(c => c.GetProperty("name").GetString()));
        Assert.Equal(["assembly", "certificates", "config"], components.Select(c => c.GetProperty("kind").GetString()));
        Assert.Equal(3, components[0].GetProperty("chunks").GetInt32());
        Assert.All(inspect.GetProperty("signatures").EnumerateArray(), s => Assert.True(s.GetProperty("verifies").GetBoolean()));
    }

    [Fact]
    [Trait("Requirement", "SR-CLI-003")]
    public void Failed_verification_json_carries_the_reason()
    {
        setup.Bundle("json-fail.esb", "rel1");

        var result = setup.Verify("json-fail.esb", "root-v1.bin", "--json");
        var json = JsonDocument.Parse(result.Output).RootElement;

        Assert.Equal(ExitCodes.Failed, result.ExitCode);
        Assert.False(json.GetProperty("valid").GetBoolean());
        Assert.Equal("ThresholdNotMet", json.GetProperty("failure").GetString());
        Assert.Equal(2, json.GetProperty("requiredSignatures").GetInt32());
    }

    [Fact]
    [Trait("Requirement", "SR-CLI-002")]
    public void Signing_with_a_public_key_file_names_the_wrong_key_type()
    {
        setup.Bundle("wrong-type.esb", "rel1");

        var result = Cli.Expect(ExitCodes.Failed, "bundle", "sign", "@wrong-type.esb", "--key", "@rel2.pub");

        Assert.Contains("public key file", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Requirement", "SR-CLI-002")]
    public void A_file_that_is_not_a_bundle_is_reported_with_the_cores_reason()
    {
        File.WriteAllText(Cli.Path("not-a-bundle.esb"), "hello");

        var inspect = Cli.Expect(ExitCodes.Failed, "bundle", "inspect", "@not-a-bundle.esb");
        var verify = setup.Verify("not-a-bundle.esb", "root-v1.bin");

        Assert.Contains("not a valid bundle", inspect.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Failed, verify.ExitCode);
        Assert.Contains("Malformed", verify.Error, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Requirement", "SR-CLI-002")]
    public void Missing_files_exit_3_and_name_the_file()
    {
        var result = Cli.Expect(ExitCodes.IoError, "bundle", "verify", "@absent.esb", "--root", "@root-v1.bin", "--hardware-class", "x");

        Assert.Contains("absent.esb", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [Trait("Requirement", "SR-CLI-002")]
    [InlineData("--version", "1.2", "--version")]
    [InlineData("--expires", "yesterday", "--expires")]
    [InlineData("--chunk-size", "1000", "--chunk-size")]
    [InlineData("--security-counter", "-1", "--security-counter")]
    public void Bad_values_for_bundle_create_are_usage_errors_naming_the_option(string option, string value, string named)
    {
        var args = new List<string>
        {
            "bundle", "create", "@app", "--hardware-class", "c", "--version", "1.0.0", "--security-counter", "1",
            "--expires", "+10", "--key", "@rel1.key", "--out", "@bad.esb",
        };
        var at = args.IndexOf(option);
        if (at >= 0)
        {
            args[at + 1] = value;
        }
        else
        {
            args.AddRange([option, value]);
        }

        var result = Cli.Expect(ExitCodes.Usage, [.. args]);

        Assert.Contains(named, result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Cli.Path("bad.esb")));
    }

    [Fact]
    [Trait("Requirement", "SR-CLI-002")]
    public void Verify_without_a_root_is_a_usage_error()
    {
        var result = Cli.Expect(ExitCodes.Usage, "bundle", "verify", "@x.esb", "--hardware-class", "c");

        Assert.Contains("--root", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Requirement", "SR-KEY-005")]
    public void A_passphrase_protected_release_key_signs_and_a_wrong_passphrase_changes_nothing()
    {
        File.WriteAllText(Cli.Path("pass.txt"), "release key passphrase\n");
        File.WriteAllText(Cli.Path("wrong.txt"), "not it\n");
        Cli.Ok("keys", "generate", "--out", "@protected", "--passphrase-file", "@pass.txt");
        setup.Bundle("protected.esb", "rel1");
        var before = File.ReadAllBytes(Cli.Path("protected.esb"));

        var wrong = Cli.Expect(ExitCodes.Failed, "bundle", "sign", "@protected.esb", "--key", "@protected.key", "--passphrase-file", "@wrong.txt");
        var none = Cli.Expect(ExitCodes.Failed, "bundle", "sign", "@protected.esb", "--key", "@protected.key");

        Assert.Contains("Wrong passphrase", wrong.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("not it", wrong.Error, StringComparison.Ordinal);
        Assert.Contains("--passphrase-file", none.Error, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(Cli.Path("protected.esb")));
        Cli.Ok("bundle", "sign", "@protected.esb", "--key", "@protected.key", "--passphrase-file", "@pass.txt");
        Assert.Equal(2, BundleFile.Load(Cli.Path("protected.esb")).Signatures.Count);
    }

    private string KeyId(string publicKeyFile) =>
        JsonDocument.Parse(Cli.Ok("keys", "show", "@" + publicKeyFile, "--json").Output).RootElement.GetProperty("keyId").GetString()!;
}
