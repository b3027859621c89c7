using EdgeSecurity.Host.Alerts;
using EdgeSecurity.Host.Configuration;
using EdgeSecurity.Host.Storage;
using Microsoft.Extensions.Options;

namespace EdgeSecurity.Host.Ingest;

/// <summary>
/// Records rejected messages without letting one device's flood become one database write (and one log
/// line) per message: per device and reason, the first rejection of a window is stored and logged at once,
/// the others of the window are counted in memory and stored as one row with their count when the window
/// ends (or the host stops). Every rejection also feeds the rejection-burst alert rules. A host crash
/// loses at most one window's counts; the messages themselves were garbage that nothing acknowledged.
/// </summary>
public sealed partial class RejectionRecorder(
    ITelemetryStore store,
    AlertEngine alerts,
    TimeProvider time,
    IOptions<EdgeSecurityHostOptions> options,
    ILogger<RejectionRecorder> logger) : BackgroundService
{
    private readonly Dictionary<(string? Device, string Reason), Window> _windows = [];
    private readonly object _gate = new();

    private long WindowMs => (long)options.Value.Ingest.RejectionWindow.TotalMilliseconds;

    /// <summary>
    /// Counts one rejected message; true when it is the first of its device and reason's window (stored and logged at
    /// once), false when it was only counted (stored with the window's others when the window ends).
    /// </summary>
    public async Task<bool> RecordAsync(string? deviceId, string reason, int payloadBytes, CancellationToken cancellationToken)
    {
        long now = time.GetUtcNow().ToUnixTimeMilliseconds();
        Window? ended = null;
        bool first;
        lock (_gate)
        {
            var key = (deviceId, reason);
            if (_windows.TryGetValue(key, out var open) && now - open.StartMs < WindowMs)
            {
                open.Add(payloadBytes, now);
                first = false;
            }
            else
            {
                ended = open;
                _windows[key] = new Window(deviceId, reason, now);
                first = true;
            }
        }

        if (ended is not null)
        {
            await StoreAsync(ended, cancellationToken).ConfigureAwait(false);
        }

        if (first)
        {
            LogRejected(deviceId ?? "(none)", reason, payloadBytes);
            await store.RecordRejectionAsync(deviceId, reason, payloadBytes, now, 1, cancellationToken).ConfigureAwait(false);
        }

        if (deviceId is not null)
        {
            await alerts.OnRejectedAsync(deviceId, reason, cancellationToken).ConfigureAwait(false);
        }

        return first;
    }

    /// <summary>
    /// Ends the device's open windows of the reasons starting with <paramref name="reasonPrefix"/> now (storing what
    /// they counted), so that its next rejection of those reasons is a window's first again: after a device proved
    /// its posture, the next failed answer must show in its state, not only in a count.
    /// </summary>
    public async Task EndWindowsAsync(string deviceId, string reasonPrefix, CancellationToken cancellationToken)
    {
        List<Window> ended;
        lock (_gate)
        {
            ended = [.. _windows.Values.Where(w => w.DeviceId == deviceId && w.Reason.StartsWith(reasonPrefix, StringComparison.Ordinal))];
            foreach (var window in ended)
            {
                _windows.Remove((window.DeviceId, window.Reason));
            }
        }

        foreach (var window in ended)
        {
            await StoreAsync(window, cancellationToken).ConfigureAwait(false);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        await FlushAsync(all: true, cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(Math.Clamp(WindowMs / 4, 100, 1000)), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                await FlushAsync(all: false, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: StopAsync stores what is left.
        }
    }

    private async Task FlushAsync(bool all, CancellationToken cancellationToken)
    {
        long now = time.GetUtcNow().ToUnixTimeMilliseconds();
        List<Window> ended;
        lock (_gate)
        {
            ended = [.. _windows.Values.Where(w => all || now - w.StartMs >= WindowMs)];
            foreach (var window in ended)
            {
                _windows.Remove((window.DeviceId, window.Reason));
            }
        }

        foreach (var window in ended)
        {
            await StoreAsync(window, cancellationToken).ConfigureAwait(false);
        }
    }

    // The window's first message was stored when it came; the rest go in one row.
    private async Task StoreAsync(Window window, CancellationToken cancellationToken)
    {
        if (window.Followers == 0)
        {
            return;
        }

        LogAggregated(window.DeviceId ?? "(none)", window.Followers, window.Reason, window.FollowerBytes);
        await store.RecordRejectionAsync(window.DeviceId, window.Reason, window.FollowerBytes, window.FirstFollowerMs, window.Followers, cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected a message from device {DeviceId}: {Reason} ({Bytes} bytes)")]
    private partial void LogRejected(string deviceId, string reason, int bytes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected {Messages} more messages from device {DeviceId}: {Reason} ({Bytes} bytes in all)")]
    private partial void LogAggregated(string deviceId, int messages, string reason, long bytes);

    /// <summary>One device's rejections for one reason since <see cref="StartMs"/>; mutated under the recorder's lock.</summary>
    private sealed class Window(string? deviceId, string reason, long startMs)
    {
        public string? DeviceId { get; } = deviceId;

        public string Reason { get; } = reason;

        public long StartMs { get; } = startMs;

        public int Followers { get; private set; }

        public long FollowerBytes { get; private set; }

        public long FirstFollowerMs { get; private set; }

        public void Add(int bytes, long atMs)
        {
            if (Followers == 0)
            {
                FirstFollowerMs = atMs;
            }

            Followers++;
            FollowerBytes += bytes;
        }
    }
}
