using EdgeSecurity.Firmware.Core.Boot;
using EdgeSecurity.Firmware.Core.Install;
using EdgeSecurity.Firmware.Core.Tests.TestSupport;

namespace EdgeSecurity.Firmware.Core.Tests.Install;

/// <summary>
/// A resume decides from what it reads back which chunks are already installed: a flash that returns a
/// chunk in several short reads must still find it, and one that cannot read it back must not count it.
/// </summary>
public sealed class BundleInstallerFlashReadTests : IDisposable
{
    private static readonly TestRelease Release = new();
    private readonly TestDevice _device = new(Release);
    private readonly TestBundle _bundle = Release.Bundle(2, 3, seed: 2);

    public BundleInstallerFlashReadTests()
    {
        _device.Provision(Release.Bundle(1, 3, seed: 1));
        var first = _device.Boot().Installer();
        Assert.True(first.BeginInstall(_bundle.SignedManifest).IsAccepted);
        Assert.True(first.WriteChunk(0, 0, TestDevice.Chunk(_bundle, 0, 0)).IsAccepted);
        Assert.True(first.WriteChunk(0, 2, TestDevice.Chunk(_bundle, 0, 2)).IsAccepted);
    }

    public void Dispose() => _device.Dispose();

    [Theory]
    [Trait("Requirement", "SR-BOOT-010")]
    [InlineData(1)]
    [InlineData(100)]
    [InlineData(1000)]
    public void Chunks_read_back_in_short_reads_are_found_present(int maxBytesPerRead)
    {
        var resumed = InstallerOn(session => new InterposedFlash(session.Storage) { MaxBytesPerRead = maxBytesPerRead });

        Assert.Equal(4, resumed.BeginInstall(_bundle.SignedManifest).MissingChunks);
        Assert.True(resumed.IsChunkPresent(0, 0));
        Assert.False(resumed.IsChunkPresent(0, 1));
        Assert.True(resumed.IsChunkPresent(0, 2));
    }

    [Fact]
    [Trait("Requirement", "SR-BOOT-010")]
    public void A_chunk_the_flash_cannot_read_back_counts_as_missing()
    {
        var resumed = InstallerOn(session => new InterposedFlash(session.Storage) { UnreadableFile = BootSlot.ComponentFile(BootSlot.B, 0) });

        Assert.Equal(6, resumed.BeginInstall(_bundle.SignedManifest).MissingChunks);
        Assert.False(resumed.IsChunkPresent(0, 0));
        Assert.False(resumed.WasPresentAtBegin(0, 0));
        Assert.True(resumed.FindMissingChunk(out var component, out var chunk));
        Assert.Equal((0, 0), (component, chunk));
    }

    private BundleInstaller InstallerOn(Func<TestBootSession, InterposedFlash> flash)
    {
        var session = _device.Boot();
        return new BundleInstaller(flash(session), session.State, session.TrustRoot, session.Bundles, _device.Clock, TestRelease.HardwareClass, session.Decision.Slot);
    }
}
