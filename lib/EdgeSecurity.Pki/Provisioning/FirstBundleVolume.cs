using EdgeSecurity.Firmware.Core.Boot;
using EdgeSecurity.Firmware.Core.Install;
using EdgeSecurity.Platform.Crypto;
using EdgeSecurity.Platform.Storage;

namespace EdgeSecurity.Pki.Provisioning;

/// <summary>
/// The device volume image of a provisioning package with a first bundle (docs/formats/provisioning.md,
/// "volume/"): the trust root, the bundle placed in slot A by the firmware core's own installer
/// (<see cref="FactoryInstall"/>: every signature, chunk and the whole slot verified) and a boot state that
/// records slot A as confirmed with the bundle's counter. Copied as is to the device's volume, it boots
/// the bundle from the first power-on.
/// </summary>
public static class FirstBundleVolume
{
    /// <summary>The managed agent's storage budget on the device volume (the ESP32 program's).</summary>
    public const int DeviceVolumeBytes = 200 * 1024;

    private const string StagedBundle = "staging/bundle.esb";

    /// <summary>
    /// Writes the image into <paramref name="volumeDirectory"/> (which must not exist or be empty). Throws
    /// <see cref="PkiException"/> naming the reason when the core refuses the trust root or the bundle.
    /// </summary>
    public static void Build(string volumeDirectory, byte[] signedTrustRoot, byte[] bundle, string hardwareClass, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(signedTrustRoot);
        ArgumentNullException.ThrowIfNull(bundle);
        ArgumentException.ThrowIfNullOrEmpty(hardwareClass);
        if (Directory.Exists(volumeDirectory) && Directory.EnumerateFileSystemEntries(volumeDirectory).Any())
        {
            throw new PkiException($"The volume directory '{volumeDirectory}' is not empty.");
        }

        Directory.CreateDirectory(volumeDirectory);
        // The staged container is not part of the device's volume: it gets room of its own.
        var volume = new DirectoryFlashStorage(volumeDirectory, DeviceVolumeBytes + bundle.Length);
        volume.Write(StorageLayout.TrustRootFile, 0, signedTrustRoot, 0, signedTrustRoot.Length);
        volume.Flush(StorageLayout.TrustRootFile);
        volume.Write(StagedBundle, 0, bundle, 0, bundle.Length);
        volume.Flush(StagedBundle);
        var placed = FactoryInstall.PlaceFirstBundle(volume, CoreCrypto.Verifier, CoreCrypto.Mac, new ProvisioningHostClock(now), hardwareClass, StagedBundle);
        volume.Delete(StagedBundle);
        Directory.Delete(Path.Combine(volumeDirectory, "staging"), recursive: true);
        if (!placed.IsAccepted)
        {
            Directory.Delete(volumeDirectory, recursive: true);
            throw new PkiException($"The bundle cannot be the device's first bundle: {placed.Failure}: {placed.Message}");
        }
    }

    /// <summary>Checks that <see cref="Build"/> would accept the bundle, writing nothing that stays.</summary>
    public static void Check(byte[] signedTrustRoot, byte[] bundle, string hardwareClass, DateTimeOffset now)
    {
        var scratch = Directory.CreateTempSubdirectory("es-first-bundle-").FullName;
        try
        {
            Build(Path.Combine(scratch, "volume"), signedTrustRoot, bundle, hardwareClass, now);
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }
}
