using System.Diagnostics;
using System.Security.Cryptography;
using EdgeSecurity.Firmware.Core.Events;
using EdgeSecurity.Firmware.Core.Upload;
using EdgeSecurity.Host.Configuration;
using EdgeSecurity.Host.Ingest;
using EdgeSecurity.Host.Storage;
using EdgeSecurity.Host.Storage.Model;
using EdgeSecurity.Host.Tests.Support;
using Microsoft.Extensions.Options;

namespace EdgeSecurity.Host.Tests.Ingest;

/// <summary>
/// The wait for a hole to fill (decision 215) in process: two verifiers with their own chain-head caches (two host
/// instances) on one real SQLite store. The "other instance" commits the batch before the hole while this one waits;
/// what the wait returns is what the handler stores and acks. <see cref="CrossInstanceGapTests"/> checks the same
/// through two whole hosts on PostgreSQL.
/// </summary>
public sealed class GapRecheckTests : IAsyncLifetime
{
    private const string DeviceA = "dev-a";
    private const string DeviceB = "dev-b";
    private static readonly TimeSpan LongWait = TimeSpan.FromSeconds(60);
    private readonly TemporarySqliteStore _database = new("es-gap-recheck-");
    private readonly FakeTime _time = new(DateTimeOffset.FromUnixTimeMilliseconds(1_790_000_000_000));
    private readonly IngestMetrics _metrics = new();
    private readonly Dictionary<string, SimulatedJournal> _journals = [];
    private readonly Dictionary<string, byte[]> _keys = [];
    private BatchVerifier? _here;
    private BatchVerifier? _otherInstance;

    private ITelemetryStore Store => _database.Store;

    private BatchVerifier Here => _here ?? throw new InvalidOperationException("Store not opened.");

    private BatchVerifier OtherInstance => _otherInstance ?? throw new InvalidOperationException("Store not opened.");

    public async Task InitializeAsync()
    {
        await _database.MigrateAsync();
        foreach (var device in new[] { DeviceA, DeviceB })
        {
            await Store.UpsertDeviceAsync(new DeviceRecord(device, DeviceStatus.Active, "esp32", 1, null, null, null, null), CancellationToken.None);
            _keys[device] = RandomNumberGenerator.GetBytes(32);
            var journal = new SimulatedJournal(device, _keys[device]);
            journal.AppendHeartbeats(128);
            _journals[device] = journal;
        }

        _here = new BatchVerifier(Store, new ChainHeadCache(), _time);
        _otherInstance = new BatchVerifier(Store, new ChainHeadCache(), _time);
    }

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
    }

    [Theory]
    [Trait("Requirement", "SR-CLU-015")]
    [InlineData(0, 4)]
    [InlineData(60_000, 0)]
    public async Task Without_a_wait_time_or_slot_a_hole_is_answered_at_once(int gapWaitMs, int waitsAtOnce)
    {
        var recheck = Recheck(gapWaitMs, waitsAtOnce);
        var (batch, verified) = await VerifyHereAsync(DeviceA, 2, 33, 64);
        Assert.True(verified.StoppedAtGap);

        Assert.Same(verified, await recheck.AwaitHoleAsync(batch, Key(DeviceA), Ring(DeviceA), verified, CancellationToken.None));
        Assert.Equal(0, WaitsCounted());
    }

    [Fact]
    [Trait("Requirement", "SR-CLU-015")]
    public async Task A_batch_that_did_not_stop_at_a_hole_is_returned_as_it_is_without_a_wait()
    {
        var recheck = Recheck(60_000, 4);
        var (batch, verified) = await VerifyHereAsync(DeviceA, 1, 1, 32);
        Assert.False(verified.StoppedAtGap);

        Assert.Same(verified, await recheck.AwaitHoleAsync(batch, Key(DeviceA), Ring(DeviceA), verified, CancellationToken.None));
        Assert.Equal(0, WaitsCounted());
    }

    [Fact]
    [Trait("Requirement", "SR-CLU-015")]
    public async Task A_hole_the_other_instance_fills_during_the_wait_gives_the_batch_verified_again_against_the_stored_chain()
    {
        var recheck = Recheck((int)LongWait.TotalMilliseconds, 4);
        var (later, verified) = await VerifyHereAsync(DeviceA, 2, 33, 64);
        Assert.Equal((true, 0L), (verified.StoppedAtGap, verified.AckedThrough));
        var waited = Stopwatch.StartNew();

        var waiting = recheck.AwaitHoleAsync(later, Key(DeviceA), Ring(DeviceA), verified, CancellationToken.None);
        await WaitUntilAsync(() => recheck.Waiting == 1);
        await CommitAsync(await VerifyAsync(OtherInstance, DeviceA, 1, 1, 32));
        var filled = await waiting.WaitAsync(LongWait);

        // A poll of the stored head, not the end of the minute-long wait, notices the filled hole.
        Assert.True(waited.Elapsed < LongWait / 3, $"the filled hole was noticed after {waited.Elapsed}");
        Assert.Equal((false, 64L), (filled.StoppedAtGap, filled.AckedThrough));
        Assert.Equal(Sequences(33, 64), filled.NewEvents.Select(e => e.Sequence));
        Assert.All(filled.NewEvents, e => Assert.Equal(EventChainStatus.Linked, e.ChainStatus));
        Assert.Equal(64, filled.NewHead!.Sequence);
        Assert.Empty(filled.Anomalies);
        Assert.Equal(0, recheck.Waiting);
        Assert.Equal((1, 0, 0), Waits());
    }

    [Fact]
    [Trait("Requirement", "SR-CLU-016")]
    public async Task A_hole_nobody_fills_is_returned_after_the_wait_and_costs_one_wait_until_the_device_s_chain_moves_on()
    {
        const int waitMs = 300;
        var recheck = Recheck(waitMs, 4);
        var (batch, verified) = await VerifyHereAsync(DeviceA, 2, 33, 64);
        var waited = Stopwatch.StartNew();

        var expired = await recheck.AwaitHoleAsync(batch, Key(DeviceA), Ring(DeviceA), verified, CancellationToken.None);

        Assert.True(waited.ElapsedMilliseconds >= waitMs - 20, $"the wait ended after {waited.ElapsedMilliseconds} ms");
        Assert.Equal((true, 0L), (expired.StoppedAtGap, expired.AckedThrough));
        Assert.Empty(expired.NewEvents);
        Assert.Equal((0, 1, 0), Waits());

        // The next batch after the same open hole is answered at once: no second wait, not even a counted one.
        var (next, nextVerified) = await VerifyHereAsync(DeviceA, 3, 65, 96);
        Assert.Same(nextVerified, await recheck.AwaitHoleAsync(next, Key(DeviceA), Ring(DeviceA), nextVerified, CancellationToken.None));
        Assert.Equal((0, 1, 0), Waits());

        // Another device's hole has its own wait.
        var (otherDevice, otherVerified) = await VerifyHereAsync(DeviceB, 2, 33, 64);
        await recheck.AwaitHoleAsync(otherDevice, Key(DeviceB), Ring(DeviceB), otherVerified, CancellationToken.None);
        Assert.Equal((0, 2, 0), Waits());

        // Once the stored chain moved past the open hole, a new hole of the device gets a wait again.
        await CommitAsync(await VerifyAsync(OtherInstance, DeviceA, 4, 1, 64));
        var (afterMove, afterMoveVerified) = await VerifyHereAsync(DeviceA, 5, 97, 128);
        Assert.Equal((true, 64L), (afterMoveVerified.StoppedAtGap, afterMoveVerified.AckedThrough));
        var stillOpen = await recheck.AwaitHoleAsync(afterMove, Key(DeviceA), Ring(DeviceA), afterMoveVerified, CancellationToken.None);
        Assert.Equal((true, 64L), (stillOpen.StoppedAtGap, stillOpen.AckedThrough));
        Assert.Equal((0, 3, 0), Waits());
    }

    [Fact]
    [Trait("Requirement", "SR-CLU-016")]
    public async Task A_hole_partly_filled_during_the_wait_waits_on_for_the_rest_and_ends_with_the_batch_verified_against_the_longer_chain()
    {
        var recheck = Recheck(1_000, 4);
        var (batch, verified) = await VerifyHereAsync(DeviceA, 3, 65, 96);
        var waiting = recheck.AwaitHoleAsync(batch, Key(DeviceA), Ring(DeviceA), verified, CancellationToken.None);
        await WaitUntilAsync(() => recheck.Waiting == 1);

        // The other instance stores 1-32; 33-64 never come. The batch, verified again, now stops at 32.
        await CommitAsync(await VerifyAsync(OtherInstance, DeviceA, 1, 1, 32));
        var expired = await waiting.WaitAsync(LongWait);

        Assert.Equal((true, 32L), (expired.StoppedAtGap, expired.AckedThrough));
        Assert.Equal((0, 1, 0), Waits());
        // The device's open hole is remembered at 32: its batch after the same hole is answered at once.
        var (next, nextVerified) = await VerifyHereAsync(DeviceA, 4, 65, 96);
        Assert.Equal(32, nextVerified.AckedThrough);
        Assert.Same(nextVerified, await recheck.AwaitHoleAsync(next, Key(DeviceA), Ring(DeviceA), nextVerified, CancellationToken.None));
        Assert.Equal((0, 1, 0), Waits());
    }

    [Fact]
    [Trait("Requirement", "SR-CLU-016")]
    public async Task Beyond_the_waits_allowed_at_once_a_hole_is_answered_at_once_and_a_cancelled_wait_gives_its_slot_back()
    {
        var recheck = Recheck((int)LongWait.TotalMilliseconds, 1);
        var (batchA, verifiedA) = await VerifyHereAsync(DeviceA, 2, 33, 64);
        using var stopping = new CancellationTokenSource();
        var waitingA = recheck.AwaitHoleAsync(batchA, Key(DeviceA), Ring(DeviceA), verifiedA, stopping.Token);
        await WaitUntilAsync(() => recheck.Waiting == 1);

        var (batchB, verifiedB) = await VerifyHereAsync(DeviceB, 2, 33, 64);
        Assert.Same(verifiedB, await recheck.AwaitHoleAsync(batchB, Key(DeviceB), Ring(DeviceB), verifiedB, CancellationToken.None));
        Assert.Equal((0, 0, 1), Waits());

        // The host stops while device A's batch waits: the handler ends unanswered (the broker redelivers) and
        // the slot and the count of waits are free again.
        await stopping.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waitingA.WaitAsync(LongWait));
        Assert.Equal(0, recheck.Waiting);
        var waitingB = recheck.AwaitHoleAsync(batchB, Key(DeviceB), Ring(DeviceB), verifiedB, CancellationToken.None);
        await WaitUntilAsync(() => recheck.Waiting == 1);
        await CommitAsync(await VerifyAsync(OtherInstance, DeviceB, 1, 1, 32));
        Assert.Equal(64, (await waitingB.WaitAsync(LongWait)).AckedThrough);
        Assert.Equal((1, 0, 1), Waits());
    }

    [Theory]
    [Trait("Requirement", "SR-CLU-016")]
    [InlineData(-1, 1)]
    [InlineData(1, -1)]
    public void A_negative_wait_time_or_count_is_refused_with_the_settings_named(int gapWaitMs, int waitsAtOnce)
    {
        var refused = Assert.Throws<ArgumentException>(() => Recheck(gapWaitMs, waitsAtOnce));
        Assert.Contains("Ingest:GapWaitMs and Ingest:GapWaitsAtOnce cannot be negative", refused.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentNullException>(() => new GapRecheck(Store, Here, _metrics, null!));
        Recheck(0, 0);
    }

    [Fact]
    [Trait("Requirement", "SR-CLU-016")]
    public async Task A_missing_verification_result_is_refused_by_name()
    {
        var (batch, _) = await VerifyHereAsync(DeviceA, 1, 1, 32);

        var refused = await Assert.ThrowsAsync<ArgumentNullException>(() => Recheck(60_000, 4).AwaitHoleAsync(batch, Key(DeviceA), Ring(DeviceA), null!, CancellationToken.None));
        Assert.Equal("verified", refused.ParamName);
    }

    private static long[] Sequences(long first, long last) => [.. Enumerable.Range((int)first, (int)(last - first + 1)).Select(i => (long)i)];

    private static Task WaitUntilAsync(Func<bool> condition) =>
        EdgeSecurity.TestSupport.Eventually.HoldsAsync(LongWait, condition, () => "the condition did not hold", TimeSpan.FromMilliseconds(5));

    private GapRecheck Recheck(int gapWaitMs, int waitsAtOnce)
    {
        var options = new EdgeSecurityHostOptions();
        options.Ingest.GapWaitMs = gapWaitMs;
        options.Ingest.GapWaitsAtOnce = waitsAtOnce;
        return new GapRecheck(Store, Here, _metrics, Options.Create(options));
    }

    private byte[] Key(string device) => _keys[device];

    private SingleKeyRing Ring(string device) => new(0, Key(device));

    private async Task<(EventBatch Batch, VerifiedBatch Verified)> VerifyHereAsync(string device, uint batchId, long first, long last)
    {
        var batch = EventBatchCodec.Decode(_journals[device].CompleteBatch(batchId, first, Sequences(first, last)));
        return (batch, await Here.VerifyAsync(device, batch, Key(device), Ring(device), CancellationToken.None));
    }

    private async Task<VerifiedBatch> VerifyAsync(BatchVerifier verifier, string device, uint batchId, long first, long last) =>
        await verifier.VerifyAsync(device, EventBatchCodec.Decode(_journals[device].CompleteBatch(batchId, first, Sequences(first, last))), Key(device), Ring(device), CancellationToken.None);

    private Task CommitAsync(VerifiedBatch verified) =>
        Store.CommitAsync(new IngestBatch(verified.NewEvents, verified.NewHead is null ? [] : [verified.NewHead]), CancellationToken.None);

    private (long Filled, long Expired, long NoSlot) Waits()
    {
        var snapshot = _metrics.Snapshot();
        return ((long)snapshot[IngestMetrics.GapWaitFilled], (long)snapshot[IngestMetrics.GapWaitExpired], (long)snapshot[IngestMetrics.GapWaitNoSlot]);
    }

    private long WaitsCounted()
    {
        var (filled, expired, noSlot) = Waits();
        return filled + expired + noSlot;
    }
}
