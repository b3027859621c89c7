using EdgeSecurity.Firmware.Core.Boot;
using EdgeSecurity.Firmware.Core.Install;
using EdgeSecurity.Firmware.Core.Tests.TestSupport;

namespace EdgeSecurity.Firmware.Core.Tests.Install;

/// <summary>
/// The free-space check before an install: the space the target slot's old bundle holds is freed by the
/// install, so it counts; a bundle that fits to the byte is installed, one that does not is refused before
/// anything is deleted.
/// </summary>
public sealed class BundleInstallerSpaceTests : IDisposable
{
    private static readonly TestRelease Release = new();
    private readonly TestDevice _device = new(Release);

    public BundleInstallerSpaceTests() => _device.Provision(Release.Bundle(1, 3, seed: 1));

    public void Dispose() => _device.Dispose();

    [Fact]
    public void A_bundle_that_fits_only_in_the_space_of_the_slots_old_bundle_installs_to_the_byte()
    {
        // An abandoned install leaves a whole bundle in slot B; it is not vouched for, so its space is free to reuse.
        var old = Release.Bundle(2, 3, seed: 2, sizes: [20 * 1024, 10, 10]);
        var abandoned = _device.Boot().Installer();
        Assert.True(abandoned.BeginInstall(old.SignedManifest).IsAccepted);
        for (var k = 0; k < old.Manifest.GetComponent(0).ChunkCount; k++)
        {
            Assert.True(abandoned.WriteChunk(0, k, TestDevice.Chunk(old, 0, k)).IsAccepted);
        }

        var session = _device.Boot();
        var flash = session.Storage;
        var heldBySlot = flash.List(BootSlot.Directory(BootSlot.B)).Sum(f => (long)flash.GetLength(f));
        var available = flash.FreeBytes + heldBySlot;
        var fitting = BundleNeeding(available);
        Assert.True(Needed(fitting) > flash.FreeBytes, "the test bundle must need the old bundle's space");

        var tooLarge = BundleNeeding(available + 1);
        var refused = session.Installer().BeginInstall(tooLarge.SignedManifest);
        Assert.Equal(InstallFailure.InsufficientSpace, refused.Failure);
        Assert.Equal($"bundle needs {available + 1} bytes, slot B can have {available}", refused.Message);
        Assert.Equal(heldBySlot, flash.List(BootSlot.Directory(BootSlot.B)).Sum(f => (long)flash.GetLength(f)));

        TestDevice.Install(session, fitting);
        Assert.Equal(0, session.Storage.FreeBytes);
        Assert.True(_device.Boot().Decision.IsTrial);
    }

    private static long Needed(TestBundle bundle) => bundle.SignedManifest.Length + bundle.Manifest.TotalComponentSize();

    /// <summary>A bundle whose signed manifest and components take exactly <paramref name="bytes"/> bytes.</summary>
    private static TestBundle BundleNeeding(long bytes)
    {
        // The manifest's length depends a little on the component sizes (one digest per chunk): converge on it.
        var size = (int)bytes - 2000;
        for (var attempt = 0; attempt < 8; attempt++)
        {
            var bundle = Release.Bundle(3, 3, seed: 3, sizes: [size, 10, 10]);
            var missing = bytes - Needed(bundle);
            if (missing == 0)
            {
                return bundle;
            }

            size += (int)missing;
        }

        throw new InvalidOperationException($"no test bundle of exactly {bytes} bytes");
    }
}
