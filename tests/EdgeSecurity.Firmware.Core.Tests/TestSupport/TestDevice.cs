using EdgeSecurity.Firmware.Core.Agent;
using EdgeSecurity.Firmware.Core.Boot;
using EdgeSecurity.Firmware.Core.Bundles;
using EdgeSecurity.Firmware.Core.Install;
using EdgeSecurity.Firmware.Core.Trust;
using EdgeSecurity.Firmware.HostPlatform.Clock;
using EdgeSecurity.Firmware.HostPlatform.Storage;
using EdgeSecurity.Platform.Crypto;

namespace EdgeSecurity.Firmware.Core.Tests.TestSupport;

/// <summary>What one boot of a <see cref="TestDevice"/> wired together: the core's own <see cref="DeviceAgent"/> composition.</summary>
internal sealed class TestBootSession(FileFlashStorage storage, DeviceAgent agent)
{
    public FileFlashStorage Storage { get; } = storage;

    public DeviceAgent Agent { get; } = agent;

    public BootStateStore State => Agent.State;

    public InstalledTrustRoot TrustRoot => Agent.TrustRoot;

    public BundleVerifier Bundles => Agent.Bundles;

    public BootManager Manager => Agent.Manager;

    public BootDecision Decision => Agent.Decision;

    public BootReport Report => Agent.Decision.Report;

    public BundleInstaller Installer() => Agent.CreateInstaller();
}

/// <summary>
/// A simulated device on a temporary directory: file-backed flash (a reboot is a new storage instance),
/// the release's trust root installed, booted through the core's <see cref="DeviceAgent"/> as the ESP32 app boots.
/// </summary>
internal sealed class TestDevice : IDisposable
{
    public const int Capacity = 128 * 1024;

    public TestDevice(TestRelease release, string? directory = null)
    {
        Release = release;
        Directory = directory ?? System.IO.Directory.CreateTempSubdirectory("es-device-").FullName;
    }

    public TestRelease Release { get; }

    public string Directory { get; }

    public SimulatedClock Clock { get; } = new(new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc));

    public static BundleVerifier NewBundleVerifier() => new(new Ed25519SignatureVerifier(), new HmacSha256MacPrimitive());

    public FileFlashStorage PowerOn(PowerCutPlan? cut = null) => new(Directory, Capacity, cut);

    /// <summary>Reboots onto <paramref name="storage"/> (a fresh instance) and runs the boot decision.</summary>
    public TestBootSession Boot(FileFlashStorage storage)
    {
        Clock.Reboot();
        return new TestBootSession(storage, DeviceAgent.Boot(storage, Clock, new HmacSha256MacPrimitive(), TestRelease.HardwareClass));
    }

    public TestBootSession Boot() => Boot(PowerOn());

    /// <summary>Factory provisioning: trust root, then <paramref name="bundle"/> installed, trial-booted and confirmed.</summary>
    public void Provision(TestBundle bundle)
    {
        var flash = PowerOn();
        flash.Write(StorageLayout.TrustRootFile, 0, Release.SignedTrustRoot, 0, Release.SignedTrustRoot.Length);
        flash.Flush(StorageLayout.TrustRootFile);
        InstallAndConfirm(bundle);
    }

    /// <summary>Install → reboot into trial → confirm, asserting each stage.</summary>
    public void InstallAndConfirm(TestBundle bundle)
    {
        Install(Boot(), bundle);
        var trial = Boot();
        Assert.True(trial.Decision.IsTrial, trial.Report.ToString());
        trial.Manager.Confirm();
    }

    public static void Install(TestBootSession session, TestBundle bundle)
    {
        var installer = session.Installer();
        var begun = installer.BeginInstall(bundle.SignedManifest);
        Assert.True(begun.IsAccepted, begun.ToString());
        for (var c = 0; c < bundle.Payloads.Length; c++)
        {
            for (var k = 0; k < bundle.Manifest.GetComponent(c).ChunkCount; k++)
            {
                var written = installer.WriteChunk(c, k, Chunk(bundle, c, k));
                Assert.True(written.IsAccepted, written.ToString());
            }
        }

        var completed = installer.Complete();
        Assert.True(completed.IsAccepted, completed.ToString());
    }

    public static byte[] Chunk(TestBundle bundle, int component, int chunk)
    {
        var entry = bundle.Manifest.GetComponent(component);
        return bundle.Payloads[component].AsSpan(chunk * entry.ChunkSize, entry.GetChunkLength(chunk)).ToArray();
    }

    /// <summary>Copies this device's flash into a new device (the power-cut test starts each run from one provisioned image).</summary>
    public TestDevice CloneTo(string directory)
    {
        foreach (var file in System.IO.Directory.EnumerateFiles(Directory, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(directory, Path.GetRelativePath(Directory, file));
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        return new TestDevice(Release, directory);
    }

    public void Dispose()
    {
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }
}
