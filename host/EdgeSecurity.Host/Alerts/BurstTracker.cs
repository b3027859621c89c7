using System.Collections.Concurrent;

namespace EdgeSecurity.Host.Alerts;

/// <summary>
/// Sliding windows (device time) of matching events per burst rule and device. Kept in memory: after a
/// restart a burst has to build up again, which delays an alert by at most one window.
/// </summary>
public sealed class BurstTracker
{
    private readonly ConcurrentDictionary<(string Rule, string Device), Queue<(long TimeMs, long Sequence)>> _windows = new();

    /// <summary>Adds an event; returns the sequences of the burst when the rule's count is reached within its window, else null.</summary>
    public IReadOnlyList<long>? Add(AlertRule rule, string deviceId, long deviceTimeMs, long sequence)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var window = _windows.GetOrAdd((rule.Id, deviceId), _ => new Queue<(long, long)>());
        lock (window)
        {
            window.Enqueue((deviceTimeMs, sequence));
            var windowMs = rule.WindowSeconds * 1000L;
            while (window.Count > 0 && window.Peek().TimeMs <= deviceTimeMs - windowMs)
            {
                window.Dequeue();
            }

            if (window.Count < rule.Count)
            {
                return null;
            }

            var burst = window.Select(e => e.Sequence).ToList();
            window.Clear();
            return burst;
        }
    }
}
