using System.Net;

namespace EdgeSecurity.Host.Api;

/// <summary>
/// Counts failed authentications per client address. An address that fails <see cref="MaxFailures"/> times
/// within <see cref="Window"/> is refused (429) until the window of its first counted failure has passed,
/// whatever it sends, so guessing tokens costs the attacker time and never reveals a correct guess early.
/// Memory is bounded: expired entries are dropped, and at most <see cref="MaxTrackedAddresses"/> are kept.
/// </summary>
public sealed class FailedAuthenticationLimiter(int maxFailures, TimeSpan window, TimeProvider time)
{
    public const int MaxTrackedAddresses = 100_000;

    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public int MaxFailures { get; } = maxFailures > 0 ? maxFailures : throw new ArgumentOutOfRangeException(nameof(maxFailures), "At least one failure must be allowed.");

    public TimeSpan Window { get; } = window > TimeSpan.Zero ? window : throw new ArgumentOutOfRangeException(nameof(window), "The window must be positive.");

    /// <summary>How long <paramref name="address"/> is still refused, or null when it may try.</summary>
    public TimeSpan? RetryAfter(IPAddress? address)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            if (!_entries.TryGetValue(Key(address), out var entry) || entry.Failures < MaxFailures)
            {
                return null;
            }

            var left = entry.WindowStart + Window - now;
            return left > TimeSpan.Zero ? left : null;
        }
    }

    /// <summary>Counts a failure; returns the number of failures in the current window (equal to <see cref="MaxFailures"/> when this one made the address refused).</summary>
    public int RecordFailure(IPAddress? address)
    {
        var now = time.GetUtcNow();
        var key = Key(address);
        lock (_lock)
        {
            if (!_entries.TryGetValue(key, out var entry) || entry.WindowStart + Window <= now)
            {
                if (_entries.Count >= MaxTrackedAddresses)
                {
                    Prune(now);
                }

                entry = new Entry(now, 0);
            }

            entry = entry with { Failures = entry.Failures + 1 };
            _entries[key] = entry;
            return entry.Failures;
        }
    }

    // IPv4-mapped IPv6 and plain IPv4 are the same client.
    private static string Key(IPAddress? address) =>
        address is null ? "unknown" : (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString();

    private void Prune(DateTimeOffset now)
    {
        foreach (var key in _entries.Where(e => e.Value.WindowStart + Window <= now).Select(e => e.Key).ToList())
        {
            _entries.Remove(key);
        }

        // Still full of live entries (a distributed attack): forget the oldest half rather than grow.
        if (_entries.Count >= MaxTrackedAddresses)
        {
            foreach (var key in _entries.OrderBy(e => e.Value.WindowStart).Take(_entries.Count / 2).Select(e => e.Key).ToList())
            {
                _entries.Remove(key);
            }
        }
    }

    private readonly record struct Entry(DateTimeOffset WindowStart, int Failures);
}
