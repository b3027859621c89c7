using System.Collections.Concurrent;

namespace EdgeSecurity.Host.Ota;

/// <summary>
/// One turn at a time per campaign inside this host instance (<see cref="CampaignService"/>'s load → step →
/// save). Other instances still meet through the stored revision; a gate only removes the conflicts an
/// instance would have with itself. Gates stay for the life of the process: one small object per campaign.
/// </summary>
internal sealed class CampaignGates
{
    private readonly ConcurrentDictionary<long, SemaphoreSlim> _gates = new();

    /// <summary>Waits for the campaign's turn; disposing the result ends it.</summary>
    public async Task<IDisposable> EnterAsync(long campaignId, CancellationToken cancellationToken)
    {
        var gate = _gates.GetOrAdd(campaignId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Turn(gate);
    }

    private sealed class Turn(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release();
            }
        }
    }
}
