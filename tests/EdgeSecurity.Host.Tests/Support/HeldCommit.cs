using EdgeSecurity.Host.Storage.Model;

namespace EdgeSecurity.Host.Tests.Support;

/// <summary>A commit waiting in <see cref="HeldCommitStore"/> for the test to let it through or fail it.</summary>
internal sealed class HeldCommit(IngestBatch batch)
{
    private readonly TaskCompletionSource<Exception?> _decision = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IngestBatch Batch { get; } = batch;

    internal Task<Exception?> Decision => _decision.Task;

    /// <summary>Lets the commit go to the real store.</summary>
    public void Release() => _decision.TrySetResult(null);

    /// <summary>Fails the commit with <paramref name="failure"/>; the real store is not called.</summary>
    public void Fail(Exception failure) => _decision.TrySetResult(failure);
}
