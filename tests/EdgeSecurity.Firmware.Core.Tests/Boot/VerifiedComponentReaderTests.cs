using EdgeSecurity.Firmware.Core.Boot;
using EdgeSecurity.Firmware.Core.Tests.TestSupport;
using EdgeSecurity.Platform.Crypto;

namespace EdgeSecurity.Firmware.Core.Tests.Boot;

/// <summary>
/// The loader's read of a component of the running slot (docs/boot.md, "loading the application"): the bytes
/// handed over are checked in RAM against the manifest verified at boot, whatever happened to the file since.
/// </summary>
public sealed class VerifiedComponentReaderTests : IDisposable
{
    private static readonly TestRelease Release = new();
    private static readonly TestBundle V1 = Release.Bundle(1, 1, seed: 1);
    private readonly TestDevice _device = new(Release);
    private readonly HmacSha256MacPrimitive _mac = new();

    public VerifiedComponentReaderTests() => _device.Provision(V1);

    public void Dispose() => _device.Dispose();

    private SlotVerification Verified() => _device.Boot().Decision.Verified!;

    [Fact]
    [Trait("Requirement", "SR-BOOT-016")]
    public void An_unchanged_component_is_handed_over_with_its_digest()
    {
        var verified = Verified();
        var read = VerifiedComponentReader.Read(_device.PowerOn(), _mac, verified, 1);
        Assert.True(read.IsIntact);
        Assert.Equal(1, read.Index);
        Assert.Equal("lib.pe", read.Name);
        Assert.Equal(BootSlot.ComponentFile(BootSlot.A, 1), read.FileName);
        Assert.Equal(V1.Payloads[1], read.Bytes);
        Assert.Equal(verified.Manifest.GetComponent(1).ComponentDigest, read.ExpectedDigest);
        Assert.Equal(verified.Manifest.GetComponent(1).ComponentDigest, read.ActualDigest);
        Assert.Equal("matches the verified manifest", read.Detail);
        Assert.Equal("component 1 (lib.pe, slots/a/c1.bin): matches the verified manifest", read.ToString());
    }

    public enum Change { Deleted, Shortened, Grown }

    [Theory]
    [Trait("Requirement", "SR-BOOT-016")]
    [InlineData(Change.Deleted)]
    [InlineData(Change.Shortened)]
    [InlineData(Change.Grown)]
    public void A_component_missing_or_of_another_size_since_the_boot_check_is_not_handed_over(Change change)
    {
        var verified = Verified();
        var file = BootSlot.ComponentFile(BootSlot.A, 1);
        var flash = _device.PowerOn();
        var size = V1.Payloads[1].Length;
        flash.Delete(file);
        if (change != Change.Deleted)
        {
            // The first bytes are the genuine ones: only the size tells the file changed before it is hashed.
            var bytes = new byte[change == Change.Shortened ? size - 1 : size + 1];
            Array.Copy(V1.Payloads[1], bytes, Math.Min(size, bytes.Length));
            flash.Write(file, 0, bytes, 0, bytes.Length);
            flash.Flush(file);
        }

        var read = VerifiedComponentReader.Read(_device.PowerOn(), _mac, verified, 1);
        Assert.False(read.IsIntact);
        Assert.Null(read.Bytes);
        Assert.Equal("lib.pe", read.Name);
        Assert.Equal(file, read.FileName);
        Assert.Equal(verified.Manifest.GetComponent(1).ComponentDigest, read.ExpectedDigest);
        Assert.Null(read.ActualDigest);
        Assert.Equal($"file is missing or no longer {size} bytes since the boot verification", read.Detail);
    }

    [Fact]
    [Trait("Requirement", "SR-BOOT-016")]
    public void A_component_of_the_same_size_with_other_bytes_is_not_handed_over()
    {
        var verified = Verified();
        var file = BootSlot.ComponentFile(BootSlot.A, 0);
        var flash = _device.PowerOn();
        flash.Write(file, V1.Payloads[0].Length - 1, [(byte)(V1.Payloads[0][^1] ^ 1)], 0, 1);
        flash.Flush(file);

        var read = VerifiedComponentReader.Read(_device.PowerOn(), _mac, verified, 0);
        Assert.False(read.IsIntact);
        Assert.Null(read.Bytes);
        Assert.Equal(verified.Manifest.GetComponent(0).ComponentDigest, read.ExpectedDigest);
        Assert.NotNull(read.ActualDigest);
        Assert.NotEqual(read.ExpectedDigest, read.ActualDigest);
        Assert.Equal("content changed since the boot verification", read.Detail);
        // The text the withheld application's integrity finding carries: which component, which file, what changed.
        Assert.Equal("component 0 (app.pe, slots/a/c0.bin): content changed since the boot verification", read.ToString());
    }

    [Fact]
    public void Only_a_verified_slot_can_be_read_from()
    {
        var flash = _device.PowerOn();
        var failed = SlotVerification.Failed(BootSlot.A, SlotFailure.ManifestMissing, BootSlot.ManifestFile(BootSlot.A), "slot A holds no manifest");
        Assert.Contains("verified slot", Assert.Throws<InvalidOperationException>(() => VerifiedComponentReader.Read(flash, _mac, null!, 0)).Message, StringComparison.Ordinal);
        Assert.Contains("verified slot", Assert.Throws<InvalidOperationException>(() => VerifiedComponentReader.Read(flash, _mac, failed, 0)).Message, StringComparison.Ordinal);
    }
}
