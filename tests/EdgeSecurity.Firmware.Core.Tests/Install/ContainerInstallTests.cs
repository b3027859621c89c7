using EdgeSecurity.Firmware.Core.Agent;
using EdgeSecurity.Firmware.Core.Boot;
using EdgeSecurity.Firmware.Core.Bundles;
using EdgeSecurity.Firmware.Core.Install;
using EdgeSecurity.Firmware.Core.Serialization;
using EdgeSecurity.Firmware.Core.Tests.TestSupport;
using EdgeSecurity.Platform.Crypto;

namespace EdgeSecurity.Firmware.Core.Tests.Install;

/// <summary>
/// Installing from a bundle container file on the device's own storage (<see cref="BundleInstaller.InstallFromContainer"/>,
/// used by factory placement and the simulator): the file is read as storage allows, a file that is not a
/// whole container is refused by name, a resume writes only what is missing, and a file that changes under
/// the installer stops it instead of hanging it.
/// </summary>
public sealed class ContainerInstallTests : IDisposable
{
    private const string Staged = "download/bundle.bin";
    private static readonly TestRelease Release = new();
    private readonly TestDevice _device = new(Release);
    private readonly TestBundle _running = Release.Bundle(1, 3, seed: 1);
    private readonly TestBundle _bundle = Release.Bundle(2, 4, seed: 2);

    public ContainerInstallTests() => _device.Provision(_running);

    public void Dispose() => _device.Dispose();

    /// <summary>Boots the device over <see cref="InterposedFlash"/> (a fresh storage instance: a reboot) with <paramref name="container"/> staged.</summary>
    private (InterposedFlash Flash, DeviceAgent Agent) BootWithStaged(byte[]? container)
    {
        var storage = _device.PowerOn();
        if (container != null)
        {
            storage.Write(Staged, 0, container, 0, container.Length);
            storage.Flush(Staged);
        }

        var flash = new InterposedFlash(storage);
        _device.Clock.Reboot();
        return (flash, DeviceAgent.Boot(flash, _device.Clock, new HmacSha256MacPrimitive(), TestRelease.HardwareClass));
    }

    private string[] SlotFiles(int slot) =>
        _device.PowerOn().List(BootSlot.Directory(slot)).Select(f => f + "=" + Convert.ToHexString(ReadAll(f))).ToArray();

    private byte[] ReadAll(string file)
    {
        var storage = _device.PowerOn();
        var bytes = new byte[storage.GetLength(file)];
        Assert.Equal(bytes.Length, storage.Read(file, 0, bytes, 0, bytes.Length));
        return bytes;
    }

    public static TheoryData<string> NotWholeContainers => new() { "missing", "truncated", "trailing bytes", "not a container" };

    [Theory]
    [Trait("Requirement", "SR-BOOT-009")]
    [MemberData(nameof(NotWholeContainers))]
    public void A_bundle_file_that_is_not_a_whole_container_is_refused_by_its_name_and_reason_and_nothing_changes(string problem)
    {
        var container = _bundle.Container;
        byte[]? staged = problem switch
        {
            "missing" => null,
            "truncated" => container[..^1],
            "trailing bytes" => [.. container, 0],
            _ => [.. container.Reverse()],
        };
        var (flash, agent) = BootWithStaged(staged);
        var target = agent.CreateInstaller().TargetSlot;
        var slotBefore = SlotFiles(target);
        var sequenceBefore = agent.State.Current.Sequence;
        var reason = Assert.Throws<MalformedDataException>(() => BundleContainer.Open(flash, Staged)).Message;

        var result = agent.CreateInstaller().InstallFromContainer(Staged);

        Assert.Equal(InstallFailure.Malformed, result.Failure);
        Assert.Equal(target, result.TargetSlot);
        // The operator reads which file was refused and the parser's reason for it.
        Assert.Equal("bundle file " + Staged + ": " + reason, result.Message);
        Assert.Equal(slotBefore, SlotFiles(target));
        Assert.Equal(sequenceBefore, new BootStateStore(_device.PowerOn()).Current.Sequence);
    }

    [Fact]
    [Trait("Requirement", "SR-BOOT-010")]
    public void A_resumed_container_install_writes_only_the_chunks_still_missing()
    {
        var (_, first) = BootWithStaged(_bundle.Container);
        var interrupted = first.CreateInstaller();
        Assert.True(interrupted.BeginInstall(_bundle.SignedManifest).IsAccepted);
        Assert.True(interrupted.WriteChunk(0, 0, TestDevice.Chunk(_bundle, 0, 0)).IsAccepted);
        Assert.True(interrupted.WriteChunk(1, 1, TestDevice.Chunk(_bundle, 1, 1)).IsAccepted);
        int target = interrupted.TargetSlot;

        var (flash, resumed) = BootWithStaged(null); // power cut, reboot: the container is still staged
        var result = resumed.CreateInstaller().InstallFromContainer(Staged);

        Assert.True(result.IsAccepted, result.ToString());
        // Flash wears by writes: the two chunks already on flash (component 0 chunk 0, component 1 chunk 1) are not written again.
        var written = flash.Writes.Where(w => w.Name.StartsWith(BootSlot.Directory(target), StringComparison.Ordinal)).Select(w => (w.Name, w.Position)).Order().ToArray();
        (string, int)[] missing =
        [
            (BootSlot.ComponentFile(target, 0), TestRelease.ChunkSize),
            (BootSlot.ComponentFile(target, 0), 2 * TestRelease.ChunkSize),
            (BootSlot.ComponentFile(target, 1), 0),
            (BootSlot.ComponentFile(target, 2), 0),
        ];
        Assert.Equal(missing.Order(), written);
        var trial = _device.Boot();
        Assert.True(trial.Decision.IsTrial);
        Assert.Equal(_bundle.Version, trial.Report.Version);
    }

    [Fact]
    [Trait("Requirement", "SR-BOOT-009")]
    public void A_container_is_installed_from_storage_that_returns_fewer_bytes_than_asked_per_read()
    {
        var (_, first) = BootWithStaged(_bundle.Container);
        var interrupted = first.CreateInstaller();
        Assert.True(interrupted.BeginInstall(_bundle.SignedManifest).IsAccepted);
        Assert.True(interrupted.WriteChunk(0, 0, TestDevice.Chunk(_bundle, 0, 0)).IsAccepted);

        var (flash, resumed) = BootWithStaged(null);
        flash.MaxBytesPerRead = 100; // divides neither the manifest nor a chunk: every read is continued
        var result = resumed.CreateInstaller().InstallFromContainer(Staged);

        Assert.True(result.IsAccepted, result.ToString());
        var trial = _device.Boot();
        Assert.True(trial.Decision.IsTrial);
        Assert.Equal(_bundle.Version, trial.Report.Version);
    }

    [Fact]
    [Trait("Requirement", "SR-BOOT-009")]
    public void A_container_that_shrinks_during_the_install_stops_it_with_an_error_naming_the_file_and_no_trial()
    {
        var (flash, agent) = BootWithStaged(_bundle.Container);
        var installer = agent.CreateInstaller();
        int payloadStart = BundleContainer.Open(flash, Staged).HeaderLength;
        var truncated = false;
        flash.BeforeRead = (name, position) =>
        {
            // Something else on the device cuts the file after it was opened and its manifest accepted.
            if (!truncated && name == Staged && position >= payloadStart)
            {
                truncated = true;
                flash.SetLength(Staged, payloadStart);
                flash.Flush(Staged);
            }
        };

        var error = Assert.Throws<InvalidOperationException>(() => installer.InstallFromContainer(Staged));

        Assert.True(truncated);
        Assert.StartsWith("bundle file " + Staged + " ", error.Message, StringComparison.Ordinal);
        Assert.Contains("changed during the install", error.Message, StringComparison.Ordinal);
        Assert.Equal(BootSlot.None, new BootStateStore(_device.PowerOn()).Current.TrialSlot);
        var next = _device.Boot();
        Assert.False(next.Decision.IsTrial);
        Assert.Equal(_running.Version, next.Report.Version);
    }
}
