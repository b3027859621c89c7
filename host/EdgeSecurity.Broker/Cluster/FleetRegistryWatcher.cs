using EdgeSecurity.Pki;
using EdgeSecurity.Pki.Registry;

namespace EdgeSecurity.Broker.Cluster;

/// <summary>
/// The fleet registry as the authorizer sees it: re-read when the file changed (looked at no more often than
/// <paramref name="checkInterval"/>), so enrolments and revocations apply without a restart. A registry that
/// cannot be read keeps the last good reading and the failure is reported to the caller once.
/// </summary>
public sealed class FleetRegistryWatcher(PkiLayout pki, TimeSpan checkInterval, TimeProvider? clock = null)
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private FleetIdentities? _current;
    private DateTime _loadedWriteTime;
    private long _nextCheck;

    /// <summary>Raised when a changed registry could not be read (the previous reading stays in force).</summary>
    public event EventHandler<Exception>? ReadFailed;

    public FleetIdentities Current()
    {
        lock (_gate)
        {
            long now = _clock.GetTimestamp();
            if (_current is not null && now < _nextCheck)
            {
                return _current;
            }

            _nextCheck = now + (long)(checkInterval.TotalSeconds * _clock.TimestampFrequency);
            var written = File.GetLastWriteTimeUtc(pki.Registry);
            if (_current is null || written != _loadedWriteTime)
            {
                try
                {
                    _current = FleetIdentities.From(FleetRegistryFile.Load(pki));
                    _loadedWriteTime = written;
                }
                catch (Exception e) when (e is PkiException or IOException && _current is not null)
                {
                    ReadFailed?.Invoke(this, e);
                }
            }

            return _current;
        }
    }
}
