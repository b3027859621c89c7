using EdgeSecurity.Firmware.Core.Boot;
using EdgeSecurity.Firmware.Core.Install;
using EdgeSecurity.Firmware.Core.Tests.TestSupport;

namespace EdgeSecurity.Firmware.Core.Tests.Install;

/// <summary>
/// A caller that wires the installer wrongly or calls it out of order (the OTA client, provisioning, a
/// future app): it is told what it did wrong, by name, and nothing is written.
/// </summary>
public sealed class BundleInstallerMisuseTests : IDisposable
{
    private static readonly TestRelease Release = new();
    private readonly TestDevice _device = new(Release);

    public BundleInstallerMisuseTests() => _device.Provision(Release.Bundle(1, 3, seed: 1));

    public void Dispose() => _device.Dispose();

    [Theory]
    [InlineData("storage")]
    [InlineData("state")]
    [InlineData("trustRoot")]
    [InlineData("bundles")]
    [InlineData("clock")]
    [InlineData("hardwareClass")]
    public void A_missing_dependency_is_named_when_the_installer_is_built(string missing)
    {
        var session = _device.Boot();

        var thrown = Assert.Throws<ArgumentNullException>(() => new BundleInstaller(
            missing == "storage" ? null! : session.Storage,
            missing == "state" ? null! : session.State,
            missing == "trustRoot" ? null! : session.TrustRoot,
            missing == "bundles" ? null! : session.Bundles,
            missing == "clock" ? null! : _device.Clock,
            missing == "hardwareClass" ? null! : TestRelease.HardwareClass,
            session.Decision.Slot));

        Assert.Equal(missing, thrown.ParamName);
    }

    [Fact]
    public void Nothing_is_written_or_completed_before_a_manifest_is_accepted()
    {
        var bundle = Release.Bundle(2, 3, seed: 2);
        var installer = _device.Boot().Installer();
        Assert.Null(installer.Manifest);

        AssertNotStarted(installer, bundle);

        // A refused manifest after an accepted one leaves no install in progress either.
        Assert.True(installer.BeginInstall(bundle.SignedManifest).IsAccepted);
        Assert.False(installer.BeginInstall([1, 2, 3]).IsAccepted);
        Assert.Null(installer.Manifest);
        AssertNotStarted(installer, bundle);
        Assert.False(_device.PowerOn().Exists(BootSlot.ComponentFile(BootSlot.B, 0)));
        Assert.Equal(SlotStatus.Empty, new BootStateStore(_device.PowerOn()).Current.GetStatus(BootSlot.B));
    }

    [Fact]
    public void A_missing_chunk_buffer_is_named_in_both_write_calls()
    {
        var installer = _device.Boot().Installer();
        Assert.True(installer.BeginInstall(Release.Bundle(2, 3, seed: 2).SignedManifest).IsAccepted);

        Assert.Equal("data", Assert.Throws<ArgumentNullException>(() => installer.WriteChunk(0, 0, null!)).ParamName);
        Assert.Equal("data", Assert.Throws<ArgumentNullException>(() => installer.WriteChunk(0, 0, null!, 0, 0)).ParamName);
    }

    private static void AssertNotStarted(BundleInstaller installer, TestBundle bundle)
    {
        foreach (var refused in new[] { installer.WriteChunk(0, 0, TestDevice.Chunk(bundle, 0, 0)), installer.Complete() })
        {
            Assert.Equal(InstallFailure.NotStarted, refused.Failure);
            Assert.Contains("no accepted BeginInstall", refused.Message, StringComparison.Ordinal);
            Assert.Equal(BootSlot.B, refused.TargetSlot);
        }

        Assert.Contains("BeginInstall", Assert.Throws<InvalidOperationException>(() => installer.IsChunkPresent(0, 0)).Message, StringComparison.Ordinal);
        Assert.Contains("BeginInstall", Assert.Throws<InvalidOperationException>(() => installer.FindMissingChunk(out _, out _)).Message, StringComparison.Ordinal);
        Assert.Contains("BeginInstall", Assert.Throws<InvalidOperationException>(() => installer.WasPresentAtBegin(0, 0)).Message, StringComparison.Ordinal);
        Assert.Contains("BeginInstall", Assert.Throws<InvalidOperationException>(() => installer.CountMissingChunks()).Message, StringComparison.Ordinal);
    }
}
