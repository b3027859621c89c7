namespace EdgeSecurity.Host.Alerts;

/// <summary>
/// Counts rejected messages per rule and device in fixed windows of host time (rules of kind
/// rejection-burst). In memory: after a restart a flood builds up again, and a flood that goes on
/// raises again in each window (the open alert is then extended, not duplicated).
/// </summary>
public sealed class RejectionBurstTracker
{
    private readonly Dictionary<(string Rule, string Device), (long StartMs, int Count)> _windows = [];
    private readonly object _gate = new();

    /// <summary>Adds one rejection; true exactly when it is the one that reaches the rule's count in the current window.</summary>
    public bool Add(AlertRule rule, string deviceId, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var key = (rule.Id, deviceId);
        lock (_gate)
        {
            var window = _windows.TryGetValue(key, out var open) && nowMs - open.StartMs < rule.WindowSeconds * 1000L
                ? (open.StartMs, open.Count + 1)
                : (nowMs, 1);
            _windows[key] = window;
            return window.Item2 == rule.Count;
        }
    }
}
