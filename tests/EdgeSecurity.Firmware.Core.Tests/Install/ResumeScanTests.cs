using EdgeSecurity.Firmware.Core.Install;
using EdgeSecurity.Firmware.Core.Tests.TestSupport;

namespace EdgeSecurity.Firmware.Core.Tests.Install;

/// <summary>
/// The one scan of the slot that <see cref="BundleInstaller.BeginInstall"/> makes when an install resumes: the
/// OTA download asks only for the chunks it found missing (<see cref="BundleInstaller.WasPresentAtBegin"/>),
/// so it must name exactly the chunks that were durably on flash, in every component and at every index.
/// </summary>
public sealed class ResumeScanTests : IDisposable
{
    private static readonly TestRelease Release = new();
    private readonly TestDevice _device = new(Release);

    // Component 0 has 10 chunks, so its presence spans two bytes of the scan's bitmap.
    private readonly TestBundle _bundle = Release.Bundle(2, 3, seed: 2, sizes: [(9 * TestRelease.ChunkSize) + 500, 1800, 300]);

    public ResumeScanTests() => _device.Provision(Release.Bundle(1, 3, seed: 1));

    public void Dispose() => _device.Dispose();

    [Fact]
    [Trait("Requirement", "SR-BOOT-010")]
    public void A_resumed_install_reports_present_exactly_the_chunks_written_before_the_reboot()
    {
        (int Component, int Chunk)[] written = [(0, 1), (0, 7), (0, 8), (0, 9), (1, 1), (2, 0)];
        var interrupted = _device.Boot().Installer();
        Assert.True(interrupted.BeginInstall(_bundle.SignedManifest).IsAccepted);
        foreach (var (component, chunk) in written)
        {
            Assert.True(interrupted.WriteChunk(component, chunk, TestDevice.Chunk(_bundle, component, chunk)).IsAccepted);
        }

        var resumed = _device.Boot().Installer();
        var begun = resumed.BeginInstall(_bundle.SignedManifest);

        Assert.Equal(10 + 2 + 1 - written.Length, begun.MissingChunks);
        for (var c = 0; c < _bundle.Manifest.ComponentCount; c++)
        {
            for (var k = 0; k < _bundle.Manifest.GetComponent(c).ChunkCount; k++)
            {
                Assert.True(written.Contains((c, k)) == resumed.WasPresentAtBegin(c, k), $"component {c} chunk {k}");
            }
        }

        // The scan is what was on flash at BeginInstall: a chunk written since is present, but was not then.
        Assert.True(resumed.WriteChunk(0, 0, TestDevice.Chunk(_bundle, 0, 0)).IsAccepted);
        Assert.True(resumed.IsChunkPresent(0, 0));
        Assert.False(resumed.WasPresentAtBegin(0, 0));
    }

    [Fact]
    [Trait("Requirement", "SR-BOOT-009")]
    public void Asking_about_chunks_without_an_accepted_manifest_is_an_error_that_says_to_begin_first()
    {
        var installer = _device.Boot().Installer();
        AssertNoInstallInProgress(installer);

        // A refused BeginInstall ends the install the installer had accepted before: its chunks are no longer taken.
        Assert.True(installer.BeginInstall(_bundle.SignedManifest).IsAccepted);
        Assert.Equal(InstallFailure.CounterTooLow, installer.BeginInstall(Release.Bundle(3, 2, seed: 3).SignedManifest).Failure);
        AssertNoInstallInProgress(installer);
        Assert.Equal(InstallFailure.NotStarted, installer.WriteChunk(0, 0, TestDevice.Chunk(_bundle, 0, 0)).Failure);
    }

    private static void AssertNoInstallInProgress(BundleInstaller installer)
    {
        Action[] calls =
        [
            () => installer.IsChunkPresent(0, 0),
            () => installer.FindMissingChunk(out _, out _),
            () => installer.WasPresentAtBegin(0, 0),
            () => installer.CountMissingChunks(),
        ];
        foreach (var call in calls)
        {
            var error = Assert.Throws<InvalidOperationException>(call);
            Assert.Contains("call BeginInstall first", error.Message, StringComparison.Ordinal);
        }
    }
}
