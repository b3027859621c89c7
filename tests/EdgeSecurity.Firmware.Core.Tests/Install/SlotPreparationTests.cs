using EdgeSecurity.Firmware.Core.Boot;
using EdgeSecurity.Firmware.Core.Install;
using EdgeSecurity.Firmware.Core.Tests.TestSupport;

namespace EdgeSecurity.Firmware.Core.Tests.Install;

/// <summary>
/// How <see cref="BundleInstaller.BeginInstall"/> prepares the target slot: the space the slot's old bundle
/// frees counts towards the new one, and a component of zero bytes is created durably (a boot verifies that
/// every component file exists with the manifest's size).
/// </summary>
public sealed class SlotPreparationTests : IDisposable
{
    private const int LargeChunk = 16 * 1024;
    private static readonly TestRelease Release = new();
    private readonly TestDevice _device = new(Release);

    public SlotPreparationTests() => _device.Provision(Release.Bundle(1, 3, seed: 1));

    public void Dispose() => _device.Dispose();

    [Fact]
    [Trait("Requirement", "SR-BOOT-009")]
    public void A_bundle_that_fits_only_in_the_space_the_target_slots_old_bundle_frees_is_accepted_and_one_byte_more_is_not()
    {
        // Slot B runs the confirmed bundle 2, so the install target A still holds bundle 1.
        _device.InstallAndConfirm(Release.Bundle(2, 3, seed: 2));
        var session = _device.Boot();
        var installer = session.Installer();
        int target = installer.TargetSlot;
        var oldFiles = session.Storage.List(BootSlot.Directory(target));
        Assert.NotEmpty(oldFiles);
        long available = session.Storage.FreeBytes + oldFiles.Sum(f => (long)session.Storage.GetLength(f));

        var fits = BundleOfTotalSize(available, seed: 3);
        var tooLarge = BundleOfTotalSize(available + 1, seed: 3);
        Assert.True(fits.SignedManifest.Length + fits.Manifest.TotalComponentSize() > session.Storage.FreeBytes);

        var refused = installer.BeginInstall(tooLarge.SignedManifest);
        Assert.Equal(InstallFailure.InsufficientSpace, refused.Failure);
        Assert.Equal(oldFiles.Length, session.Storage.List(BootSlot.Directory(target)).Length);

        TestDevice.Install(session, fits);
        var trial = _device.Boot();
        Assert.True(trial.Decision.IsTrial, trial.Report.ToString());
        Assert.Equal(target, trial.Decision.Slot);
        Assert.Equal(fits.Version, trial.Report.Version);
    }

    [Fact]
    [Trait("Requirement", "SR-BOOT-009")]
    public void A_component_of_zero_bytes_is_installed_durably_and_the_bundle_boots_after_a_reboot()
    {
        var bundle = Release.Bundle(2, 3, seed: 2, sizes: [2500, 0, 300]);
        var session = _device.Boot();
        int target = session.Installer().TargetSlot;

        TestDevice.Install(session, bundle);

        Assert.Equal(0, _device.PowerOn().GetLength(BootSlot.ComponentFile(target, 1)));
        var trial = _device.Boot();
        Assert.True(trial.Decision.IsTrial, trial.Report.ToString());
        Assert.Equal(bundle.Version, trial.Report.Version);
    }

    /// <summary>A one-component bundle whose signed manifest and payload together take exactly <paramref name="total"/> bytes.</summary>
    private static TestBundle BundleOfTotalSize(long total, int seed)
    {
        // The manifest grows with the chunk count, so settle the payload size in a few rounds.
        var bundle = Release.Bundle(3, 3, seed, sizes: [(int)total - 4096], chunkSize: LargeChunk);
        for (var round = 0; round < 3 && bundle.SignedManifest.Length + bundle.Manifest.TotalComponentSize() != total; round++)
        {
            bundle = Release.Bundle(3, 3, seed, sizes: [(int)total - bundle.SignedManifest.Length], chunkSize: LargeChunk);
        }

        Assert.Equal(total, bundle.SignedManifest.Length + bundle.Manifest.TotalComponentSize());
        return bundle;
    }
}
