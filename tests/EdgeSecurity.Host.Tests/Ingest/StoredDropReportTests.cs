using System.Security.Cryptography;
using EdgeSecurity.Firmware.Core.Events;
using EdgeSecurity.Firmware.Core.Upload;
using EdgeSecurity.Host.Ingest;
using EdgeSecurity.Host.Storage;
using EdgeSecurity.Host.Storage.Model;
using EdgeSecurity.Host.Tests.Support;

namespace EdgeSecurity.Host.Tests.Ingest;

/// <summary>
/// A hole explained by a records-dropped report that is not in the batch but already stored: another host
/// instance stored it while this one still held an earlier batch of the device and its cached chain head. Two
/// verifiers with their own chain-head caches (two host instances) on one real SQLite store.
/// </summary>
public sealed class StoredDropReportTests : IAsyncLifetime
{
    private const string DeviceId = "d1";
    private readonly TemporarySqliteStore _database = new("es-stored-drops-");
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private readonly FakeTime _time = new(DateTimeOffset.FromUnixTimeMilliseconds(1_790_000_000_000));

    private ITelemetryStore Store => _database.Store;

    public async Task InitializeAsync()
    {
        await _database.MigrateAsync();
        await Store.UpsertDeviceAsync(new DeviceRecord(DeviceId, DeviceStatus.Active, "esp32", 1, null, null, null, null), CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
    }

    [Fact]
    [Trait("Requirement", "SR-EVT-HOST-012")]
    [Trait("Requirement", "SR-EVT-HOST-015")]
    public async Task A_hole_that_a_drop_report_stored_by_another_instance_covers_is_explained_and_the_record_after_it_is_kept()
    {
        var journal = new SimulatedJournal(DeviceId, _key);
        journal.AppendHeartbeats(7);
        var report = journal.Append(SecurityEvents.RecordsDropped(4, 0, 4, 7, 4, 0, "journal full")).Sequence;
        var firstCache = new ChainHeadCache();
        var first = new BatchVerifier(Store, firstCache, _time);
        var second = new BatchVerifier(Store, new ChainHeadCache(), _time);
        await CommitAsync(firstCache, await VerifyAsync(first, journal.Batch(1, 1, 2)));

        // The device sent 3 and 7 (4 to 6 already evicted) to the first instance, which is slow to handle them; then
        // it evicted 7 too, recorded the report, and resent from 3 to the second instance, which stored it all.
        var resent = await VerifyAsync(second, journal.Batch(2, 3, report));
        await CommitAsync(new ChainHeadCache(), resent);
        Assert.Equal(report, resent.NewHead!.Sequence);

        var late = await VerifyAsync(first, journal.Batch(1, 3, 7));

        // The first instance still holds head 2 (the batch continues it), so it sees the hole 4-6 and no report in the
        // batch: the stored one explains it, and record 7, which the device no longer has, is kept instead of refused.
        Assert.False(late.StoppedAtGap);
        Assert.Equal(7, late.AckedThrough);
        var kept = Assert.Single(late.NewEvents, e => e.Sequence == 7);
        Assert.Equal(EventChainStatus.AfterExplainedGap, kept.ChainStatus);
        var explained = Assert.Single(late.Anomalies);
        Assert.Equal(AnomalyKind.ExplainedGap, explained.Kind);
        Assert.Equal([7L, report], explained.Sequences);
        await CommitAsync(firstCache, late);
        var stored = await Store.QueryEventsAsync(new EventQuery(DeviceId: DeviceId, Limit: 100), CancellationToken.None);
        Assert.Equal([1L, 2, 3, 7, report], stored.Items.Select(e => e.Sequence).Order());
    }

    private Task<VerifiedBatch> VerifyAsync(BatchVerifier verifier, byte[] payload) =>
        verifier.VerifyAsync(DeviceId, EventBatchCodec.Decode(payload), _key, CancellationToken.None);

    private async Task CommitAsync(ChainHeadCache cache, VerifiedBatch verified)
    {
        await Store.CommitAsync(new IngestBatch(verified.NewEvents, verified.NewHead is null ? [] : [verified.NewHead]), CancellationToken.None);
        if (verified.NewHead is not null)
        {
            cache.Committed(verified.NewHead);
        }
    }
}
