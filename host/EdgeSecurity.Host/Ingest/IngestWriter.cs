using System.Threading.Channels;
using EdgeSecurity.Host.Configuration;
using EdgeSecurity.Host.Storage;
using EdgeSecurity.Host.Storage.Model;
using Microsoft.Extensions.Options;

namespace EdgeSecurity.Host.Ingest;

/// <summary>
/// Stores verified batches of many messages in one transaction each (the store's per-transaction cost
/// dominates at high event rates). Handlers wait for their commit before they ack; a full queue means
/// the store is behind, and the caller answers the device "busy".
/// </summary>
public sealed partial class IngestWriter : BackgroundService
{
    private readonly Channel<PendingCommit> _queue;
    private readonly ITelemetryStore _store;
    private readonly int _maxPerCommit;
    private readonly ILogger<IngestWriter> _logger;
    private readonly IngestMetrics _metrics;

    public IngestWriter(ITelemetryStore store, IOptions<EdgeSecurityHostOptions> options, IngestMetrics metrics, ILogger<IngestWriter> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        var ingest = options.Value.Ingest;
        if (ingest.QueueCapacity < 1 || ingest.MaxMessagesPerCommit < 1)
        {
            throw new ArgumentException("Ingest:QueueCapacity and Ingest:MaxMessagesPerCommit must be at least 1.", nameof(options));
        }

        _store = store;
        _logger = logger;
        _metrics = metrics;
        _maxPerCommit = ingest.MaxMessagesPerCommit;
        _queue = Channel.CreateBounded<PendingCommit>(new BoundedChannelOptions(ingest.QueueCapacity) { SingleReader = false, FullMode = BoundedChannelFullMode.Wait });
    }

    /// <summary>Queues a batch for storage; null when the queue is full (the store is behind).</summary>
    public Task<IngestCommitResult>? TryEnqueue(VerifiedBatch batch)
    {
        var pending = new PendingCommit(batch, new TaskCompletionSource<IngestCommitResult>(TaskCreationOptions.RunContinuationsAsynchronously));
        return _queue.Writer.TryWrite(pending) ? pending.Done.Task : null;
    }

    /// <summary>
    /// One commit loop, or two where the database takes concurrent writers (PostgreSQL): the second group is
    /// written while the first waits for its flush. Two groups never hold messages of the same device, because
    /// a device's next message is handled only after its previous one was committed (topic lanes).
    /// With a single-writer database a second loop would only split the queue into smaller commits.
    /// </summary>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var loops = _store.SupportsConcurrentWriters ? 2 : 1;
        try
        {
            await Task.WhenAll(Enumerable.Range(0, loops).Select(_ => CommitLoopAsync(stoppingToken))).ConfigureAwait(false);
        }
        finally
        {
            _queue.Writer.TryComplete();
            while (_queue.Reader.TryRead(out var left))
            {
                left.Done.TrySetCanceled(stoppingToken);
            }
        }
    }

    private async Task CommitLoopAsync(CancellationToken stoppingToken)
    {
        var group = new List<PendingCommit>(_maxPerCommit);
        while (await _queue.Reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
        {
            group.Clear();
            while (group.Count < _maxPerCommit && _queue.Reader.TryRead(out var next))
            {
                group.Add(next);
            }

            if (group.Count > 0)
            {
                await CommitAsync(group, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    private async Task CommitAsync(List<PendingCommit> group, CancellationToken cancellationToken)
    {
        var batch = new IngestBatch(
            group.SelectMany(p => p.Batch.NewEvents).ToList(),
            group.Where(p => p.Batch.NewHead is not null).Select(p => p.Batch.NewHead!).ToList(),
            group.Where(p => p.Batch.Touch is not null).Select(p => p.Batch.Touch!).ToList());
        try
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var result = await _store.CommitAsync(batch, cancellationToken).ConfigureAwait(false);
            _metrics.Record(IngestMetrics.Commit, started);
            _metrics.RecordCommit(group.Count, batch.Events.Count);
            foreach (var pending in group)
            {
                pending.Done.TrySetResult(result);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Nothing is acked: each handler fails, its message is not PUBACKed and the broker redelivers it.
            LogCommitFailed(e, group.Count);
            foreach (var pending in group)
            {
                pending.Done.TrySetException(e);
            }
        }
        catch (OperationCanceledException)
        {
            foreach (var pending in group)
            {
                pending.Done.TrySetCanceled(cancellationToken);
            }

            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Storing {Messages} event batches failed; they will be redelivered")]
    private partial void LogCommitFailed(Exception exception, int messages);

    private sealed record PendingCommit(VerifiedBatch Batch, TaskCompletionSource<IngestCommitResult> Done);
}
