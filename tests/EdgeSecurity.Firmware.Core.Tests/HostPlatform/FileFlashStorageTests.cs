using EdgeSecurity.Firmware.HostPlatform.Storage;

namespace EdgeSecurity.Firmware.Core.Tests.HostPlatform;

public sealed class FileFlashStorageTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("es-flash-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private FileFlashStorage Open(int capacity = 64 * 1024, PowerCutPlan? cut = null) => new(_dir, capacity, cut);

    [Fact]
    public void Unflushed_writes_are_visible_now_and_gone_after_reboot()
    {
        var flash = Open();
        flash.Write("a/log.bin", 0, [1, 2, 3], 0, 3);
        Assert.Equal(3, flash.GetLength("a/log.bin"));

        var rebooted = Open();
        Assert.False(rebooted.Exists("a/log.bin"));
    }

    [Fact]
    public void Flushed_writes_survive_reboot_and_reads_see_pending_overwrites()
    {
        var flash = Open();
        flash.Write("f", 0, [1, 2, 3, 4], 0, 4);
        flash.Flush("f");
        flash.Write("f", 2, [9], 0, 1);
        var buffer = new byte[8];
        Assert.Equal(4, flash.Read("f", 0, buffer, 0, 8));
        Assert.Equal(new byte[] { 1, 2, 9, 4 }, buffer[..4]);

        var rebooted = Open();
        Assert.Equal(4, rebooted.Read("f", 0, buffer, 0, 8));
        Assert.Equal(new byte[] { 1, 2, 3, 4 }, buffer[..4]);
    }

    [Fact]
    public void Capacity_is_enforced_without_changing_state()
    {
        var flash = Open(capacity: 10);
        flash.Write("f", 0, new byte[8], 0, 8);
        var error = Assert.Throws<IOException>(() => flash.Write("g", 0, new byte[3], 0, 3));
        Assert.Contains("full", error.Message, StringComparison.Ordinal);
        Assert.False(flash.Exists("g"));
        Assert.Equal(2, flash.FreeBytes);
    }

    [Theory]
    [InlineData(0.0, 0)]
    [InlineData(0.5, 4)]
    [InlineData(1.0, 8)]
    public void A_cut_during_flush_leaves_a_prefix_and_kills_the_instance(double torn, int kept)
    {
        var flash = Open(cut: new PowerCutPlan(1, torn));
        var data = new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 };
        flash.Write("f", 0, data, 0, data.Length);
        Assert.Throws<PowerLossException>(() => flash.Flush("f"));
        Assert.True(flash.IsPowerLost);
        Assert.Throws<PowerLossException>(() => flash.Exists("f"));

        var rebooted = Open();
        Assert.Equal(kept, rebooted.GetLength("f"));
    }

    [Theory]
    [InlineData(0.0, 0)]
    [InlineData(0.5, 4)]
    public void A_cut_with_garbage_keeps_the_prefix_and_damages_the_rest_of_the_write(double torn, int kept)
    {
        var flash = Open(cut: new PowerCutPlan(1, torn, GarbageSeed: 7));
        var data = new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 };
        flash.Write("f", 0, data, 0, data.Length);
        Assert.Throws<PowerLossException>(() => flash.Flush("f"));

        var rebooted = Open();
        var read = new byte[data.Length];
        Assert.Equal(data.Length, rebooted.GetLength("f"));
        Assert.Equal(data.Length, rebooted.Read("f", 0, read, 0, read.Length));
        Assert.Equal(data[..kept], read[..kept]);
        Assert.NotEqual(data[kept..], read[kept..]);
    }

    [Fact]
    public void Rename_is_atomic_and_replaces_the_target()
    {
        var setup = Open();
        setup.Write("state", 0, [1], 0, 1);
        setup.Flush("state");
        setup.Write("state.tmp", 0, [2, 2], 0, 2);
        setup.Flush("state.tmp");

        var flash = Open(cut: new PowerCutPlan(1));
        Assert.Throws<PowerLossException>(() => flash.Rename("state.tmp", "state"));
        var afterCut = Open();
        Assert.Equal(1, afterCut.GetLength("state"));

        afterCut.Rename("state.tmp", "state");
        var done = Open();
        Assert.Equal(2, done.GetLength("state"));
        Assert.False(done.Exists("state.tmp"));
    }

    [Fact]
    public void Steps_count_flushed_changes_renames_and_deletes()
    {
        var flash = Open();
        flash.Write("x", 0, [1], 0, 1);
        flash.Write("x", 1, [2], 0, 1);
        flash.Flush("x");
        flash.Rename("x", "y");
        flash.Delete("y");
        Assert.Equal(4, flash.StepsPerformed);
        Assert.Empty(flash.List(""));
    }

    [Fact]
    public void List_filters_by_prefix_and_includes_unflushed_files()
    {
        var flash = Open();
        flash.Write("slots/a/m", 0, [1], 0, 1);
        flash.Flush("slots/a/m");
        flash.Write("slots/b/m", 0, [1], 0, 1);
        flash.Write("journal/0", 0, [1], 0, 1);
        Assert.Equal(["slots/a/m", "slots/b/m"], flash.List("slots/"));
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("/abs")]
    [InlineData("a//b")]
    [InlineData("a b")]
    public void Hostile_names_are_refused(string name)
    {
        var flash = Open();
        Assert.Throws<ArgumentException>(() => flash.Write(name, 0, [1], 0, 1));
    }
}
