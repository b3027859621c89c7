using EdgeSecurity.Firmware.Core.Boot;
using EdgeSecurity.Firmware.Core.Integrity;
using EdgeSecurity.Firmware.HostPlatform.Storage;

namespace EdgeSecurity.Firmware.Core.Tests.Boot;

public sealed class BootStateStoreTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("es-state-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private FileFlashStorage Open(PowerCutPlan? cut = null) => new(_dir, 64 * 1024, cut);

    private static BootState Sample(long counter, long boots) => new()
    {
        ConfirmedSlot = BootSlot.A,
        TrialSlot = BootSlot.B,
        TrialAttemptsLeft = 3,
        ConfirmedCounter = counter,
        BootCount = boots,
        LastOutcome = BootOutcome.Trial,
        Containment = ContainmentState.Contained,
        ContainmentReason = (int)IntegrityFindingKind.TrustStore,
        LastRollbackReason = RollbackReason.TrialAttemptsExhausted,
        LastRolledBackSlot = BootSlot.B,
    };

    [Fact]
    public void A_blank_volume_reads_as_factory_state()
    {
        var store = new BootStateStore(Open());
        Assert.False(store.WasFound);
        Assert.Equal(BootSlot.None, store.Current.ConfirmedSlot);
        Assert.Equal(0, store.Current.ConfirmedCounter);
    }

    [Fact]
    public void Saved_state_survives_reboot_field_by_field()
    {
        new BootStateStore(Open()).Save(Sample(7, 42));
        var loaded = new BootStateStore(Open()).Current;
        Assert.Equal(BootSlot.A, loaded.ConfirmedSlot);
        Assert.Equal(BootSlot.B, loaded.TrialSlot);
        Assert.Equal(3, loaded.TrialAttemptsLeft);
        Assert.Equal(7, loaded.ConfirmedCounter);
        Assert.Equal(42, loaded.BootCount);
        Assert.Equal(BootOutcome.Trial, loaded.LastOutcome);
        Assert.Equal(ContainmentState.Contained, loaded.Containment);
        Assert.Equal((int)IntegrityFindingKind.TrustStore, loaded.ContainmentReason);
        // One byte holds both: the next boot reports the rollback from this slot for this reason.
        Assert.Equal(RollbackReason.TrialAttemptsExhausted, loaded.LastRollbackReason);
        Assert.Equal(BootSlot.B, loaded.LastRolledBackSlot);
    }

    [Fact]
    [Trait("Requirement", "SR-BOOT-007")]
    public void Lowering_the_counter_is_refused_and_changes_nothing()
    {
        var store = new BootStateStore(Open());
        store.Save(Sample(9, 1));
        var error = Assert.Throws<InvalidOperationException>(() => store.Save(Sample(8, 2)));
        Assert.Contains("anti-rollback", error.Message, StringComparison.Ordinal);
        Assert.Contains("from 9 to 8", error.Message, StringComparison.Ordinal);
        Assert.Equal(9, new BootStateStore(Open()).Current.ConfirmedCounter);
        Assert.Equal(1, new BootStateStore(Open()).Current.BootCount);
    }

    [Theory]
    [Trait("Requirement", "SR-BOOT-006")]
    [InlineData(0.0)]
    [InlineData(0.25)]
    [InlineData(0.5)]
    [InlineData(0.97)]
    [InlineData(1.0)]
    public void A_save_cut_at_any_point_leaves_the_old_or_the_new_state(double torn)
    {
        for (var saves = 1; saves <= 4; saves++)
        {
            Directory.Delete(_dir, recursive: true);
            Directory.CreateDirectory(_dir);
            var store = new BootStateStore(Open());
            for (var i = 1; i < saves; i++)
            {
                store.Save(Sample(i, i));
            }

            var cutStore = new BootStateStore(Open(new PowerCutPlan(1, torn)));
            Assert.Throws<PowerLossException>(() => cutStore.Save(Sample(saves, saves)));

            var after = new BootStateStore(Open()).Current;
            var expected = torn == 1.0 ? saves : saves - 1;
            Assert.Equal(expected, after.ConfirmedCounter);
            Assert.Equal(expected, after.BootCount);
        }
    }

    [Fact]
    [Trait("Requirement", "SR-BOOT-006")]
    public void Counter_never_reads_lower_than_a_saved_value_under_random_cuts()
    {
        var property = FsCheck.Fluent.Prop.ForAll(
            FsCheck.Fluent.ArbMap.Default.ArbFor<byte[]>(),
            script =>
            {
                Directory.Delete(_dir, recursive: true);
                Directory.CreateDirectory(_dir);
                long highestSaved = 0;
                foreach (var b in script.Take(12))
                {
                    var cut = b % 3 == 0 ? new PowerCutPlan(1, (b % 5) / 4.0) : null;
                    var store = new BootStateStore(Open(cut));
                    var next = store.Current;
                    next.ConfirmedCounter += b % 2;
                    next.BootCount++;
                    try
                    {
                        store.Save(next);
                        highestSaved = next.ConfirmedCounter;
                    }
                    catch (PowerLossException)
                    {
                        // The state after a cut is checked below, on the next "boot".
                    }

                    var reread = new BootStateStore(Open()).Current.ConfirmedCounter;
                    if (reread < highestSaved)
                    {
                        return false;
                    }
                }

                return true;
            });
        FsCheck.Check.One(FsCheck.Config.QuickThrowOnFailure.WithMaxTest(60), property);
    }

    [Fact]
    public void A_store_without_storage_or_a_save_without_a_state_is_an_argument_error()
    {
        Assert.Equal("storage", Assert.Throws<ArgumentNullException>(() => new BootStateStore(null!)).ParamName);
        Assert.Equal("next", Assert.Throws<ArgumentNullException>(() => new BootStateStore(Open()).Save(null!)).ParamName);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(BootState.MaxTrialAttempts + 1)]
    public void Trial_attempts_that_do_not_fit_the_record_are_refused_and_change_nothing(int attempts)
    {
        var store = new BootStateStore(Open());
        store.Save(Sample(1, 1));
        var next = Sample(1, 2);
        next.TrialAttemptsLeft = attempts;

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => store.Save(next));
        Assert.Equal("next", error.ParamName);
        Assert.Contains($"between 0 and {BootState.MaxTrialAttempts}", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, new BootStateStore(Open()).Current.BootCount);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(BootState.MaxTrialAttempts)]
    public void The_fewest_and_most_trial_attempts_a_record_holds_are_saved(int attempts)
    {
        var next = Sample(1, 1);
        next.TrialAttemptsLeft = attempts;
        new BootStateStore(Open()).Save(next);
        Assert.Equal(attempts, new BootStateStore(Open()).Current.TrialAttemptsLeft);
    }

    [Fact]
    public void After_the_first_save_on_a_blank_volume_the_state_is_found()
    {
        var store = new BootStateStore(Open());
        Assert.False(store.WasFound);
        store.Save(Sample(1, 1));
        Assert.True(store.WasFound);
        Assert.True(new BootStateStore(Open()).WasFound);
    }

    [Fact]
    [Trait("Requirement", "SR-BOOT-006")]
    public void A_save_over_a_copy_file_longer_than_a_record_is_read_back()
    {
        // Both copies hold more bytes than a record (damaged, or left by another writer): neither is a state.
        var flash = Open();
        var junk = new byte[BootStateCodec.RecordLength + 28];
        Array.Fill(junk, (byte)0xA5);
        foreach (var copy in new[] { StorageLayout.BootStateCopy0, StorageLayout.BootStateCopy1 })
        {
            flash.Write(copy, 0, junk, 0, junk.Length);
            flash.Flush(copy);
        }

        var store = new BootStateStore(Open());
        Assert.False(store.WasFound);
        store.Save(Sample(3, 1));
        store.Save(Sample(4, 2));

        var reread = new BootStateStore(Open());
        Assert.True(reread.WasFound);
        Assert.Equal(4, reread.Current.ConfirmedCounter);
        Assert.Equal(2, reread.Current.BootCount);
    }

    [Fact]
    public void Corrupt_copies_are_ignored_in_favour_of_the_valid_one()
    {
        var store = new BootStateStore(Open());
        store.Save(Sample(1, 1));
        store.Save(Sample(2, 2));
        var flash = Open();
        flash.Write(StorageLayout.BootStateCopy0, 20, [0xFF], 0, 1);
        flash.Flush(StorageLayout.BootStateCopy0);
        Assert.Equal(1, new BootStateStore(Open()).Current.ConfirmedCounter);
    }
}
