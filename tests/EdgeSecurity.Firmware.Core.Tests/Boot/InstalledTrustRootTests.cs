using EdgeSecurity.Firmware.Core.Boot;
using EdgeSecurity.Firmware.Core.Tests.TestSupport;
using EdgeSecurity.Firmware.Core.Tests.Trust;

namespace EdgeSecurity.Firmware.Core.Tests.Boot;

/// <summary>
/// The trust root installed on the volume, read at every boot: without a usable one no slot verifies, and
/// the boot report says which file is wrong and how (docs/boot.md; SR-BOOT-008).
/// </summary>
public sealed class InstalledTrustRootTests : IDisposable
{
    private static readonly TestRelease Release = new();
    private readonly TestDevice _device = new(Release);

    public InstalledTrustRootTests() => _device.Provision(Release.Bundle(1, 1, seed: 1));

    public void Dispose() => _device.Dispose();

    private void ReplaceTrustRoot(byte[]? bytes)
    {
        var flash = _device.PowerOn();
        flash.Delete(StorageLayout.TrustRootFile);
        if (bytes is not null)
        {
            flash.Write(StorageLayout.TrustRootFile, 0, bytes, 0, bytes.Length);
            flash.Flush(StorageLayout.TrustRootFile);
        }
    }

    [Fact]
    [Trait("Requirement", "SR-BOOT-001")]
    public void The_installed_trust_root_is_kept_as_the_bytes_that_verified()
    {
        var trustRoot = _device.Boot().TrustRoot;
        Assert.True(trustRoot.IsUsable);
        Assert.NotNull(trustRoot.Root);
        Assert.Equal(Release.SignedTrustRoot, trustRoot.VerifiedBytes);
        Assert.Equal(string.Empty, trustRoot.Problem);
    }

    public enum Damage { Missing, Malformed, SignedByAnotherKey }

    [Theory]
    [Trait("Requirement", "SR-BOOT-008")]
    [InlineData(Damage.Missing, "no readable trust root at " + StorageLayout.TrustRootFile)]
    [InlineData(Damage.Malformed, "trust root " + StorageLayout.TrustRootFile + " is malformed: ")]
    [InlineData(Damage.SignedByAnotherKey, "trust root " + StorageLayout.TrustRootFile + " is not valid: ")]
    public void Without_a_usable_trust_root_no_slot_runs_and_the_report_says_why(Damage damage, string problem)
    {
        ReplaceTrustRoot(damage switch
        {
            Damage.Missing => null,
            Damage.Malformed => [0x01, 0x02, 0x03, 0x04],
            _ => TrustRootFixture.Sign(Release.Keys.Build(), TrustRootFixture.NewSigners(1)).ToBytes(),
        });

        var boot = _device.Boot();
        var trustRoot = boot.TrustRoot;
        Assert.False(trustRoot.IsUsable);
        Assert.Null(trustRoot.Root);
        Assert.Null(trustRoot.VerifiedBytes);
        Assert.StartsWith(problem, trustRoot.Problem, StringComparison.Ordinal);
        Assert.True(trustRoot.Problem.Length > problem.Length || damage == Damage.Missing, trustRoot.Problem); // the parser's or verifier's reason follows

        Assert.Equal(BootMode.SafeMode, boot.Decision.Mode);
        var failure = Assert.Single(boot.Report.Failures);
        Assert.Equal(SlotFailure.TrustRootUnavailable, failure.Failure);
        Assert.Equal(StorageLayout.TrustRootFile, failure.FileName);
        Assert.Equal(trustRoot.Problem, failure.Detail);
    }
}
