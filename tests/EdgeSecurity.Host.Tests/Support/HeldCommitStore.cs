using System.Reflection;
using System.Threading.Channels;
using EdgeSecurity.Host.Storage;
using EdgeSecurity.Host.Storage.Model;

namespace EdgeSecurity.Host.Tests.Support;

/// <summary>
/// A real store whose commits the test holds: each <see cref="ITelemetryStore.CommitAsync"/> waits until the test
/// lets it through to the real store or fails it with a chosen exception, so a test can see what a slow or failing
/// database does to the writer's handlers. Every other call goes to the real store unchanged;
/// <see cref="ITelemetryStore.SupportsConcurrentWriters"/> says what the test chose.
/// </summary>
internal class HeldCommitStore : DispatchProxy
{
    private readonly Channel<HeldCommit> _arrived = Channel.CreateUnbounded<HeldCommit>();
    private readonly List<IngestBatch> _seen = [];
    private ITelemetryStore? _inner;
    private bool _concurrentWriters;
    private volatile bool _passAll;
    private int _inFlight;
    private int _mostInFlight;

    /// <summary>The most commits that were under way at once.</summary>
    public int MostInFlight => Volatile.Read(ref _mostInFlight);

    /// <summary>Every batch a commit was asked for, in arrival order.</summary>
    public IReadOnlyList<IngestBatch> Seen
    {
        get
        {
            lock (_seen)
            {
                return [.. _seen];
            }
        }
    }

    private ITelemetryStore Inner => _inner ?? throw new InvalidOperationException("Use HeldCommitStore.Wrap.");

    public static (ITelemetryStore Store, HeldCommitStore Control) Wrap(ITelemetryStore inner, bool concurrentWriters)
    {
        var store = Create<ITelemetryStore, HeldCommitStore>();
        var control = (HeldCommitStore)(object)store;
        control._inner = inner;
        control._concurrentWriters = concurrentWriters;
        return (store, control);
    }

    /// <summary>The next commit that reached the store, held until the test decides.</summary>
    public Task<HeldCommit> NextCommitAsync(TimeSpan timeout) => _arrived.Reader.ReadAsync().AsTask().WaitAsync(timeout);

    /// <summary>Whether another commit reaches the store within <paramref name="wait"/> (taken if so).</summary>
    public async Task<HeldCommit?> CommitWithinAsync(TimeSpan wait)
    {
        try
        {
            return await NextCommitAsync(wait);
        }
        catch (TimeoutException)
        {
            return null;
        }
    }

    /// <summary>From now on, commits go through to the real store without being held (the held ones still wait).</summary>
    public void PassAll() => _passAll = true;

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        if (targetMethod.DeclaringType == typeof(ITelemetryStore))
        {
            switch (targetMethod.Name)
            {
                case nameof(ITelemetryStore.CommitAsync):
                    return CommitAsync((IngestBatch)args![0]!, (CancellationToken)args[1]!);
                case "get_" + nameof(ITelemetryStore.SupportsConcurrentWriters):
                    return _concurrentWriters;
            }
        }

        return ProxyCall.Forward(targetMethod, Inner, args);
    }

    private async Task<IngestCommitResult> CommitAsync(IngestBatch batch, CancellationToken cancellationToken)
    {
        lock (_seen)
        {
            _seen.Add(batch);
        }

        var now = Interlocked.Increment(ref _inFlight);
        for (var most = Volatile.Read(ref _mostInFlight); now > most; most = Volatile.Read(ref _mostInFlight))
        {
            Interlocked.CompareExchange(ref _mostInFlight, now, most);
        }

        try
        {
            if (!_passAll)
            {
                var held = new HeldCommit(batch);
                _arrived.Writer.TryWrite(held);
                var failure = await held.Decision.WaitAsync(cancellationToken);
                if (failure is not null)
                {
                    throw failure;
                }
            }

            return await Inner.CommitAsync(batch, cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }
}
