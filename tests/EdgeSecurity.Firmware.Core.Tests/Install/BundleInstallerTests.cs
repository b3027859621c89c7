using EdgeSecurity.Firmware.Core.Boot;
using EdgeSecurity.Firmware.Core.Bundles;
using EdgeSecurity.Firmware.Core.Install;
using EdgeSecurity.Firmware.Core.Tests.TestSupport;

namespace EdgeSecurity.Firmware.Core.Tests.Install;

public sealed class BundleInstallerTests : IDisposable
{
    private static readonly TestRelease Release = new();
    private readonly TestDevice _device = new(Release);

    public BundleInstallerTests() => _device.Provision(Release.Bundle(1, 3, seed: 1));

    public void Dispose() => _device.Dispose();

    private string[] SlotFiles(string slotDirectory) =>
        Directory.Exists(Path.Combine(_device.Directory, slotDirectory))
            ? Directory.GetFiles(Path.Combine(_device.Directory, slotDirectory)).Select(f => Convert.ToHexString(File.ReadAllBytes(f))).Order().ToArray()
            : [];

    public static TheoryData<string, InstallFailure> RefusedBundles => new()
    {
        { "older counter", InstallFailure.CounterTooLow },
        { "wrong hardware class", InstallFailure.WrongHardwareClass },
        { "too few signatures", InstallFailure.SignatureInvalid },
        { "garbage", InstallFailure.Malformed },
        { "no manifest", InstallFailure.Malformed },
        { "empty", InstallFailure.Malformed },
        { "longer than any signed manifest", InstallFailure.Malformed },
    };

    [Theory]
    [Trait("Requirement", "SR-BOOT-002")]
    [Trait("Requirement", "SR-BOOT-009")]
    [MemberData(nameof(RefusedBundles))]
    public void A_bundle_that_must_not_run_is_refused_with_its_reason_and_nothing_changes(string problem, InstallFailure expected)
    {
        var manifest = problem switch
        {
            "older counter" => Release.Bundle(2, 2, seed: 2).SignedManifest,
            "wrong hardware class" => Release.Bundle(2, 3, seed: 2, hardwareClass: "esp32-other").SignedManifest,
            "too few signatures" => Release.Bundle(2, 3, seed: 2, signers: 1).SignedManifest,
            "no manifest" => null!,
            "empty" => [],
            "longer than any signed manifest" => Release.Bundle(2, 3, seed: 2).SignedManifest.Concat(new byte[SignedManifest.MaxEncodedLength]).ToArray(),
            _ => [1, 2, 3, 4],
        };
        var session = _device.Boot();
        var slotA = SlotFiles("slots/a");
        var slotB = SlotFiles("slots/b");
        var stateBefore = session.State.Current;

        var result = session.Installer().BeginInstall(manifest);

        Assert.False(result.IsAccepted);
        Assert.Equal(expected, result.Failure);
        Assert.False(string.IsNullOrEmpty(result.Message));
        Assert.Equal(slotA, SlotFiles("slots/a"));
        Assert.Equal(slotB, SlotFiles("slots/b"));
        Assert.Equal(stateBefore.Sequence, new BootStateStore(_device.PowerOn()).Current.Sequence);
    }

    [Fact]
    [Trait("Requirement", "SR-BOOT-009")]
    public void A_tampered_chunk_is_refused_before_it_is_written()
    {
        var bundle = Release.Bundle(2, 3, seed: 2);
        var installer = _device.Boot().Installer();
        Assert.True(installer.BeginInstall(bundle.SignedManifest).IsAccepted);
        var chunk = TestDevice.Chunk(bundle, 0, 1);
        chunk[100] ^= 0xFF;

        var result = installer.WriteChunk(0, 1, chunk);

        Assert.Equal(InstallFailure.ChunkDigestMismatch, result.Failure);
        Assert.Contains("chunk 1", result.Message, StringComparison.Ordinal);
        Assert.False(_device.PowerOn().Exists(BootSlot.ComponentFile(BootSlot.B, 0)));
        Assert.Equal(InstallFailure.ChunkOutOfRange, installer.WriteChunk(0, 99, chunk).Failure);
        Assert.Equal(InstallFailure.ChunkOutOfRange, installer.WriteChunk(7, 0, chunk).Failure);
        Assert.Equal(InstallFailure.Incomplete, installer.Complete().Failure);
    }

    [Fact]
    [Trait("Requirement", "SR-BOOT-009")]
    public void A_chunk_outside_the_manifest_or_the_given_buffer_is_refused_and_one_inside_a_larger_buffer_is_written()
    {
        var bundle = Release.Bundle(2, 3, seed: 2);
        var installer = _device.Boot().Installer();
        Assert.True(installer.BeginInstall(bundle.SignedManifest).IsAccepted);
        var chunk = TestDevice.Chunk(bundle, 0, 1);

        Assert.Equal(InstallFailure.ChunkOutOfRange, installer.WriteChunk(bundle.Manifest.ComponentCount, 0, chunk).Failure);
        Assert.Equal(InstallFailure.ChunkOutOfRange, installer.WriteChunk(-1, 0, chunk).Failure);
        Assert.Equal(InstallFailure.ChunkOutOfRange, installer.WriteChunk(0, 1, chunk, -1, chunk.Length).Failure);
        Assert.Equal(InstallFailure.ChunkOutOfRange, installer.WriteChunk(0, 1, chunk, 0, -1).Failure);
        Assert.Equal(InstallFailure.ChunkOutOfRange, installer.WriteChunk(0, 1, chunk, 1, chunk.Length).Failure);
        Assert.False(installer.IsChunkPresent(0, 1));

        // The same chunk handed over inside a larger receive buffer, at an offset.
        var buffer = new byte[chunk.Length + 10];
        chunk.CopyTo(buffer, 3);
        Assert.True(installer.WriteChunk(0, 1, buffer, 3, chunk.Length).IsAccepted);
        Assert.True(installer.IsChunkPresent(0, 1));
    }

    [Fact]
    [Trait("Requirement", "SR-BOOT-012")]
    public void Beginning_another_bundle_takes_back_the_target_slots_trial_and_record_before_anything_is_written()
    {
        // A completed install whose trial has not booted yet, replaced in the same boot by another bundle.
        var session = _device.Boot();
        TestDevice.Install(session, Release.Bundle(2, 3, seed: 2));
        Assert.Equal(BootSlot.B, new BootStateStore(_device.PowerOn()).Current.TrialSlot);
        Assert.True(session.Installer().BeginInstall(Release.Bundle(3, 3, seed: 3).SignedManifest).IsAccepted);

        var stored = new BootStateStore(_device.PowerOn()).Current;
        Assert.Equal(BootSlot.None, stored.TrialSlot);
        Assert.Equal(0, stored.TrialAttemptsLeft);
        Assert.Equal(SlotStatus.Empty, stored.GetStatus(BootSlot.B));

        // A slot whose record vouches for a confirmed bundle stops vouching as soon as another one is begun.
        _device.InstallAndConfirm(Release.Bundle(4, 3, seed: 4));
        var running = _device.Boot();
        Assert.Equal(BootSlot.B, running.Decision.Slot);
        Assert.Equal(SlotStatus.Confirmed, new BootStateStore(_device.PowerOn()).Current.GetStatus(BootSlot.A));
        Assert.True(running.Installer().BeginInstall(Release.Bundle(5, 3, seed: 5).SignedManifest).IsAccepted);
        Assert.Equal(SlotStatus.Empty, new BootStateStore(_device.PowerOn()).Current.GetStatus(BootSlot.A));
    }

    [Fact]
    [Trait("Requirement", "SR-BOOT-012")]
    public void Beginning_the_completed_bundle_again_takes_back_its_trial_until_it_is_completed_again()
    {
        // A resume may rewrite chunks that no longer verify, so the slot stops being the pending trial first.
        var bundle = Release.Bundle(2, 3, seed: 2);
        var session = _device.Boot();
        TestDevice.Install(session, bundle);
        var installer = session.Installer();

        Assert.Equal(0, installer.BeginInstall(bundle.SignedManifest).MissingChunks);

        var stored = new BootStateStore(_device.PowerOn()).Current;
        Assert.Equal(BootSlot.None, stored.TrialSlot);
        Assert.Equal(0, stored.TrialAttemptsLeft);
        Assert.Equal(SlotStatus.Empty, stored.GetStatus(BootSlot.B));
        Assert.True(installer.Complete().IsAccepted);
        Assert.True(_device.Boot().Decision.IsTrial);
    }

    [Theory]
    [Trait("Requirement", "SR-BOOT-003")]
    [InlineData(0, 2)]
    [InlineData(1, 2)]
    [InlineData(5, 5)]
    [InlineData(1000, BootState.MaxTrialAttempts)]
    public void A_completed_install_grants_at_least_two_and_at_most_the_storable_trial_attempts(int asked, int granted)
    {
        var bundle = Release.Bundle(2, 3, seed: 2);
        var session = _device.Boot();
        var installer = session.Installer();
        installer.TrialAttempts = asked;
        Assert.True(installer.BeginInstall(bundle.SignedManifest).IsAccepted);
        for (var c = 0; c < bundle.Payloads.Length; c++)
        {
            for (var k = 0; k < bundle.Manifest.GetComponent(c).ChunkCount; k++)
            {
                Assert.True(installer.WriteChunk(c, k, TestDevice.Chunk(bundle, c, k)).IsAccepted);
            }
        }

        Assert.True(installer.Complete().IsAccepted);
        Assert.Equal(granted, new BootStateStore(_device.PowerOn()).Current.TrialAttemptsLeft);
    }

    [Fact]
    [Trait("Requirement", "SR-BOOT-010")]
    public void An_interrupted_install_resumes_with_the_chunks_already_present()
    {
        var bundle = Release.Bundle(2, 3, seed: 2);
        var first = _device.Boot().Installer();
        var begun = first.BeginInstall(bundle.SignedManifest);
        Assert.Equal(6, begun.MissingChunks); // 3 + 2 + 1 chunks of 1 KiB
        Assert.True(first.WriteChunk(0, 0, TestDevice.Chunk(bundle, 0, 0)).IsAccepted);
        Assert.True(first.WriteChunk(1, 1, TestDevice.Chunk(bundle, 1, 1)).IsAccepted);

        var resumed = _device.Boot().Installer(); // reboot in the middle
        Assert.Equal(4, resumed.BeginInstall(bundle.SignedManifest).MissingChunks);
        Assert.True(resumed.IsChunkPresent(0, 0));
        Assert.True(resumed.IsChunkPresent(1, 1));
        Assert.True(resumed.FindMissingChunk(out var component, out var chunk));
        Assert.Equal((0, 1), (component, chunk));
        while (resumed.FindMissingChunk(out component, out chunk))
        {
            Assert.True(resumed.WriteChunk(component, chunk, TestDevice.Chunk(bundle, component, chunk)).IsAccepted);
        }

        Assert.True(resumed.Complete().IsAccepted);
        Assert.True(_device.Boot().Decision.IsTrial);
    }

    [Fact]
    public void A_different_bundle_restarts_the_inactive_slot_from_scratch()
    {
        var installer = _device.Boot().Installer();
        var abandoned = Release.Bundle(2, 3, seed: 2);
        installer.BeginInstall(abandoned.SignedManifest);
        installer.WriteChunk(0, 0, TestDevice.Chunk(abandoned, 0, 0));

        var other = Release.Bundle(3, 3, seed: 3);
        Assert.Equal(6, _device.Boot().Installer().BeginInstall(other.SignedManifest).MissingChunks);
        Assert.False(_device.PowerOn().Exists(BootSlot.ComponentFile(BootSlot.B, 0)));
    }

    [Fact]
    [Trait("Requirement", "SR-BOOT-009")]
    public void A_bundle_container_file_installs_through_the_same_verified_path()
    {
        var bundle = Release.Bundle(2, 4, seed: 2);
        var session = _device.Boot();
        var container = bundle.Container;
        session.Storage.Write("download/bundle.bin", 0, container, 0, container.Length);
        session.Storage.Flush("download/bundle.bin");

        var result = session.Installer().InstallFromContainer("download/bundle.bin");

        Assert.True(result.IsAccepted, result.ToString());
        var trial = _device.Boot();
        Assert.True(trial.Decision.IsTrial);
        Assert.Equal(bundle.Version, trial.Report.Version);
    }

    [Fact]
    public void A_corrupt_container_payload_is_refused()
    {
        var bundle = Release.Bundle(2, 4, seed: 2);
        var session = _device.Boot();
        var container = bundle.Container;
        container[^10] ^= 0x01;
        session.Storage.Write("download/bundle.bin", 0, container, 0, container.Length);
        session.Storage.Flush("download/bundle.bin");

        var result = session.Installer().InstallFromContainer("download/bundle.bin");

        Assert.Equal(InstallFailure.ChunkDigestMismatch, result.Failure);
        Assert.False(_device.Boot().Decision.IsTrial);
    }

    [Fact]
    [Trait("Requirement", "SR-BOOT-010")]
    public void The_running_trial_slot_is_never_the_install_target()
    {
        TestDevice.Install(_device.Boot(), Release.Bundle(2, 3, seed: 2));
        var trial = _device.Boot();
        Assert.True(trial.Decision.IsTrial);

        var result = trial.Installer().BeginInstall(Release.Bundle(3, 3, seed: 3).SignedManifest);

        Assert.Equal(InstallFailure.TargetSlotRunning, result.Failure);
        Assert.Equal(BootSlot.B, result.TargetSlot);
    }

    [Fact]
    public void A_bundle_larger_than_the_free_space_is_refused_up_front()
    {
        var huge = Release.Bundle(2, 3, seed: 2, sizes: [TestDevice.Capacity, 10, 10]);
        var result = _device.Boot().Installer().BeginInstall(huge.SignedManifest);
        Assert.Equal(InstallFailure.InsufficientSpace, result.Failure);
        Assert.Empty(SlotFiles("slots/b"));
    }
}
