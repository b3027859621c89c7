using System.Collections.Concurrent;

namespace EdgeSecurity.Host.Ota.Delivery;

/// <summary>
/// Bounds how many devices download from this host at once. A device gets a slot when it is offered and
/// keeps it while it asks for chunks; it gives it back when its download is over (verified or final), or
/// loses it when it asked for nothing for the stall timeout, so a slow or vanished device never holds up
/// the others. It is offered again later, and resumes from its first missing chunk.
/// </summary>
public sealed class DownloadSlots(int capacity, TimeSpan stallTimeout)
{
    private readonly ConcurrentDictionary<string, long> _lastActivityMs = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public int Capacity { get; } = capacity;

    public int InUse => _lastActivityMs.Count;

    public bool Holds(string deviceId) => _lastActivityMs.ContainsKey(deviceId);

    /// <summary>Takes a slot for <paramref name="deviceId"/> (true also when it already holds one, which does not
    /// count as activity: only the device's own requests and reports keep a slot); false when all are taken.</summary>
    public bool TryAcquire(string deviceId, long nowMs)
    {
        lock (_gate)
        {
            if (_lastActivityMs.ContainsKey(deviceId))
            {
                return true;
            }

            if (_lastActivityMs.Count >= Capacity)
            {
                return false;
            }

            _lastActivityMs[deviceId] = nowMs;
            return true;
        }
    }

    /// <summary>The device is still downloading (it asked for chunks or reported progress).</summary>
    public void Touch(string deviceId, long nowMs)
    {
        lock (_gate)
        {
            if (_lastActivityMs.ContainsKey(deviceId))
            {
                _lastActivityMs[deviceId] = nowMs;
            }
        }
    }

    public void Release(string deviceId)
    {
        lock (_gate)
        {
            _lastActivityMs.TryRemove(deviceId, out _);
        }
    }

    /// <summary>When the device holding a slot was last heard from, or null.</summary>
    public long? LastActivity(string deviceId) => _lastActivityMs.TryGetValue(deviceId, out var at) ? at : null;

    /// <summary>Frees the slots of devices silent for the stall timeout; returns who lost theirs.</summary>
    public IReadOnlyList<string> ReleaseStalled(long nowMs)
    {
        lock (_gate)
        {
            var stalled = _lastActivityMs.Where(p => nowMs - p.Value >= stallTimeout.TotalMilliseconds).Select(p => p.Key).ToList();
            foreach (var device in stalled)
            {
                _lastActivityMs.TryRemove(device, out _);
            }

            return stalled;
        }
    }
}
