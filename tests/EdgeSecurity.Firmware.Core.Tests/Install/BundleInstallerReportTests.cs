using EdgeSecurity.Firmware.Core.Boot;
using EdgeSecurity.Firmware.Core.Bundles;
using EdgeSecurity.Firmware.Core.Install;
using EdgeSecurity.Firmware.Core.Platform;
using EdgeSecurity.Firmware.Core.Tests.TestSupport;

namespace EdgeSecurity.Firmware.Core.Tests.Install;

/// <summary>
/// What the installer tells its caller: the OTA client reports the result's reason and text to the host and
/// decides from the chunk queries what to fetch next, so a wrong reason, a text that does not name the
/// problem or a wrong chunk answer is a fault an operator or the download would act on.
/// </summary>
public sealed class BundleInstallerReportTests : IDisposable
{
    private static readonly TestRelease Release = new();
    private readonly TestDevice _device = new(Release);

    public BundleInstallerReportTests() => _device.Provision(Release.Bundle(1, 3, seed: 1));

    public void Dispose() => _device.Dispose();

    [Fact]
    [Trait("Requirement", "SR-BOOT-009")]
    public void Each_refusal_names_its_problem()
    {
        var bundle = Release.Bundle(2, 3, seed: 2);
        var installer = _device.Boot().Installer();

        var empty = installer.BeginInstall([]);
        Assert.Contains($"signed manifest must be 1..{SignedManifest.MaxEncodedLength} bytes", empty.Message, StringComparison.Ordinal);

        Assert.True(installer.BeginInstall(bundle.SignedManifest).IsAccepted);
        var chunk = TestDevice.Chunk(bundle, 0, 0);
        Assert.Equal("the manifest has no component 7", installer.WriteChunk(7, 0, chunk).Message);
        Assert.Equal("offset and count exceed the buffer", installer.WriteChunk(0, 0, chunk, 1, chunk.Length).Message);

        // An empty chunk lies inside the buffer: it is the verifier that refuses it, for its length.
        var none = installer.WriteChunk(0, 0, chunk, 0, 0);
        Assert.Equal(BundleFailure.SizeMismatch, none.VerifierFailure);
        Assert.Contains($"chunk 0 is 0 bytes, expected {TestRelease.ChunkSize}", none.Message, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Requirement", "SR-BOOT-009")]
    public void Without_a_usable_trust_root_nothing_is_installed_and_the_reason_is_the_trust_roots()
    {
        _device.PowerOn().Delete(StorageLayout.TrustRootFile);
        var session = _device.Boot();
        var stateBefore = session.State.Current.Sequence;

        var result = session.Installer().BeginInstall(Release.Bundle(2, 3, seed: 2).SignedManifest);

        Assert.Equal(InstallFailure.TrustRootUnavailable, result.Failure);
        Assert.Equal(session.TrustRoot.Problem, result.Message);
        Assert.Contains(StorageLayout.TrustRootFile, result.Message, StringComparison.Ordinal);
        Assert.False(_device.PowerOn().Exists(BootSlot.ManifestFile(BootSlot.B)));
        Assert.Equal(stateBefore, new BootStateStore(_device.PowerOn()).Current.Sequence);
    }

    [Fact]
    [Trait("Requirement", "SR-BOOT-010")]
    public void The_refusal_to_overwrite_the_running_trial_says_which_slot_and_what_to_do()
    {
        TestDevice.Install(_device.Boot(), Release.Bundle(2, 3, seed: 2));
        var trial = _device.Boot();
        Assert.True(trial.Decision.IsTrial);

        var result = trial.Installer().BeginInstall(Release.Bundle(3, 3, seed: 3).SignedManifest);

        Assert.Equal("slot B runs a trial: confirm or roll it back before installing", result.Message);
    }

    [Fact]
    public void Accepted_steps_report_the_target_the_manifest_and_what_is_left_to_write()
    {
        var bundle = Release.Bundle(2, 3, seed: 2);
        var installer = _device.Boot().Installer();

        var begun = installer.BeginInstall(bundle.SignedManifest);
        Assert.EndsWith("; installing into slot B", begun.Message, StringComparison.Ordinal);
        Assert.Equal(bundle.Manifest.ToBytes(), installer.Manifest.ToBytes());

        // A chunk write does not recount what is left: it says so (-1) rather than claiming a number.
        for (var c = 0; c < bundle.Payloads.Length; c++)
        {
            for (var k = 0; k < bundle.Manifest.GetComponent(c).ChunkCount; k++)
            {
                var written = installer.WriteChunk(c, k, TestDevice.Chunk(bundle, c, k));
                Assert.Equal(-1, written.MissingChunks);
            }
        }

        Assert.False(installer.FindMissingChunk(out var component, out var chunk));
        Assert.Equal((-1, -1), (component, chunk));
        Assert.Equal(0, installer.CountMissingChunks());

        var completed = installer.Complete();
        Assert.Equal($"bundle {bundle.Version} installed in slot B, pending trial", completed.Message);
        Assert.Equal(0, completed.MissingChunks);
    }

    [Fact]
    [Trait("Requirement", "SR-BOOT-010")]
    public void A_resume_remembers_exactly_which_chunks_were_present_when_it_began()
    {
        // Ten chunks in the first component, so the presence bits span two bytes.
        var bundle = Release.Bundle(2, 3, seed: 2, sizes: [10 * TestRelease.ChunkSize, 10, 10]);
        var first = _device.Boot().Installer();
        Assert.True(first.BeginInstall(bundle.SignedManifest).IsAccepted);
        int[] written = [1, 6, 8];
        foreach (var k in written)
        {
            Assert.True(first.WriteChunk(0, k, TestDevice.Chunk(bundle, 0, k)).IsAccepted);
        }

        Assert.True(first.WriteChunk(2, 0, TestDevice.Chunk(bundle, 2, 0)).IsAccepted);

        var resumed = _device.Boot().Installer();
        Assert.Equal(8, resumed.BeginInstall(bundle.SignedManifest).MissingChunks);
        Assert.True(resumed.WriteChunk(0, 0, TestDevice.Chunk(bundle, 0, 0)).IsAccepted);

        for (var k = 0; k < 10; k++)
        {
            Assert.Equal(written.Contains(k), resumed.WasPresentAtBegin(0, k));
        }

        Assert.False(resumed.WasPresentAtBegin(1, 0));
        Assert.True(resumed.WasPresentAtBegin(2, 0));
        Assert.True(resumed.IsChunkPresent(0, 0));
    }

    [Fact]
    [Trait("Requirement", "SR-BOOT-009")]
    public void A_failed_completion_tells_missing_chunks_from_a_slot_that_does_not_verify()
    {
        var bundle = Release.Bundle(2, 3, seed: 2);
        var session = _device.Boot();
        var installer = session.Installer();
        Assert.True(installer.BeginInstall(bundle.SignedManifest).IsAccepted);
        for (var c = 0; c < bundle.Payloads.Length; c++)
        {
            for (var k = 0; k < bundle.Manifest.GetComponent(c).ChunkCount; k++)
            {
                if ((c, k) != (1, 1))
                {
                    Assert.True(installer.WriteChunk(c, k, TestDevice.Chunk(bundle, c, k)).IsAccepted);
                }
            }
        }

        var incomplete = installer.Complete();
        Assert.Equal(InstallFailure.Incomplete, incomplete.Failure);
        Assert.Equal("1 chunk(s) still missing in slot B", incomplete.Message);

        // Every chunk present, but the component file carries bytes the manifest does not cover.
        Assert.True(installer.WriteChunk(1, 1, TestDevice.Chunk(bundle, 1, 1)).IsAccepted);
        var file = BootSlot.ComponentFile(BootSlot.B, 0);
        session.Storage.Write(file, bundle.Payloads[0].Length, [0x90], 0, 1);
        session.Storage.Flush(file);
        Assert.Equal(0, installer.CountMissingChunks());

        var corrupt = installer.Complete();
        Assert.Equal(InstallFailure.SlotVerificationFailed, corrupt.Failure);
        Assert.Contains(file, corrupt.Message, StringComparison.Ordinal);

        var stored = new BootStateStore(_device.PowerOn()).Current;
        Assert.Equal(BootSlot.None, stored.TrialSlot);
        Assert.Equal(SlotStatus.Empty, stored.GetStatus(BootSlot.B));
    }
}
