using EdgeSecurity.Firmware.Core.Install;
using EdgeSecurity.Firmware.Core.Tests.TestSupport;

namespace EdgeSecurity.Firmware.Core.Tests.Install;

/// <summary>
/// What an <see cref="InstallResult"/> tells the one who reads it (the simulator and the provisioning tools
/// print it): accepted or refused with the reason's name, and no chunk count when the count is unknown.
/// </summary>
public sealed class InstallResultTextTests : IDisposable
{
    private static readonly TestRelease Release = new();
    private readonly TestDevice _device = new(Release);

    public InstallResultTextTests() => _device.Provision(Release.Bundle(1, 3, seed: 1));

    public void Dispose() => _device.Dispose();

    [Fact]
    [Trait("Requirement", "SR-BOOT-009")]
    public void An_accepted_result_reads_as_accepted_and_a_refused_one_names_its_reason_and_knows_no_chunk_count()
    {
        var installer = _device.Boot().Installer();

        var malformed = installer.BeginInstall([1, 2, 3, 4]);
        var counterTooLow = installer.BeginInstall(Release.Bundle(2, 2, seed: 2).SignedManifest);
        var accepted = installer.BeginInstall(Release.Bundle(2, 3, seed: 2).SignedManifest);

        Assert.Equal("refused (Malformed): " + malformed.Message, malformed.ToString());
        Assert.Equal(-1, malformed.MissingChunks);
        Assert.Equal("refused (CounterTooLow): " + counterTooLow.Message, counterTooLow.ToString());
        Assert.Equal(-1, counterTooLow.MissingChunks);
        Assert.True(accepted.IsAccepted);
        Assert.Equal("accepted: " + accepted.Message, accepted.ToString());
        Assert.Equal(6, accepted.MissingChunks);
    }
}
