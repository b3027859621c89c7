using EdgeSecurity.Cli.Infrastructure;

namespace EdgeSecurity.Cli.Tests;

/// <summary>
/// `edgesec device enroll --bundle`: the first bundle is checked with the firmware core exactly as the
/// device volume is built, before anything is written; a bundle a device would refuse is refused with the reason.
/// </summary>
public sealed class DeviceEnrollFirstBundleTests : IDisposable
{
    private readonly ReleaseSetup _release = new();

    public DeviceEnrollFirstBundleTests()
    {
        _release.Cli.Ok("pki", "init", "--dir", "@pki", "--broker-name", "broker.test");
    }

    public void Dispose() => _release.Dispose();

    private CliResult Enroll(CliRunner cli, string bundle, int expected) =>
        cli.Expect(expected, "device", "enroll", "dev-1", "--dir", "@pki", "--broker-host", "broker.test", "--trust-root", "@root-v1.bin", "--hardware-class", ReleaseSetup.HardwareClass, "--out", "@packages", "--bundle", "@" + bundle);

    [Fact]
    [Trait("Requirement", "SR-BOOT-018")]
    public void A_bundle_signed_by_the_release_threshold_is_placed_in_the_package_volume()
    {
        var cli = _release.Cli;
        var bundle = _release.Bundle("app.esb", "rel1", "rel2");

        Enroll(cli, bundle, ExitCodes.Ok);

        Assert.True(File.Exists(cli.Path("packages/dev-1/volume/slots/a/manifest.bin")));
        Assert.True(File.Exists(cli.Path("packages/dev-1/volume/trust/root.bin")));
        Assert.Equal(File.ReadAllBytes(cli.Path("root-v1.bin")), File.ReadAllBytes(cli.Path("packages/dev-1/volume/trust/root.bin")));
    }

    public enum BadBundle { BelowThreshold, UnknownKey, TamperedPayload, WrongHardwareClass }

    [Theory]
    [Trait("Requirement", "SR-BOOT-019")]
    [InlineData(BadBundle.BelowThreshold, "SignatureInvalid")]
    [InlineData(BadBundle.UnknownKey, "SignatureInvalid")]
    [InlineData(BadBundle.TamperedPayload, "ChunkDigestMismatch")]
    [InlineData(BadBundle.WrongHardwareClass, "WrongHardwareClass")]
    public void A_bundle_a_device_would_refuse_is_refused_with_the_reason_and_nothing_is_enrolled(BadBundle bad, string reason)
    {
        var cli = _release.Cli;
        string bundle;
        switch (bad)
        {
            case BadBundle.BelowThreshold:
                bundle = _release.Bundle("one.esb", "rel1");
                break;
            case BadBundle.UnknownKey:
                cli.Ok("keys", "generate", "--out", "@intruder");
                bundle = _release.Bundle("intruder.esb", "rel1", "intruder");
                break;
            case BadBundle.TamperedPayload:
                bundle = _release.Bundle("tampered.esb", "rel1", "rel2");
                var bytes = File.ReadAllBytes(cli.Path(bundle));
                bytes[^100] ^= 0x01; // inside the last component's payload, after the signed header
                File.WriteAllBytes(cli.Path(bundle), bytes);
                break;
            default:
                cli.Ok(
                    "bundle", "create", "@app", "--hardware-class", "esp32-other", "--version", "1.4.0", "--security-counter", "7",
                    "--expires", "+90", "--key", "@rel1.key", "--out", "@other.esb");
                cli.Ok("bundle", "sign", "@other.esb", "--key", "@rel2.key");
                bundle = "other.esb";
                break;
        }

        var result = Enroll(cli, bundle, ExitCodes.Failed);

        Assert.Contains("is refused", result.Error, StringComparison.Ordinal);
        Assert.Contains(reason, result.Error, StringComparison.Ordinal);
        Assert.Contains("no device was enrolled", result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(cli.Path("packages/dev-1")), "a package was written for a refused bundle");
        var listed = cli.Ok("device", "list", "--dir", "@pki");
        Assert.DoesNotContain("dev-1", listed.Output, StringComparison.Ordinal);
    }
}
