using System.Globalization;
using EdgeSecurity.Broker.Supervision;
using EdgeSecurity.Firmware.Core.Events;
using EdgeSecurity.Host.Api;
using EdgeSecurity.Host.Configuration;
using EdgeSecurity.Host.Storage;
using EdgeSecurity.Host.Storage.Model;
using Microsoft.Extensions.Options;

namespace EdgeSecurity.Host.Hosting;

/// <summary>
/// Turns the TLS connections the embedded broker refused into host security events and the
/// <c>broker-tls-refused</c> alert, without letting a burst become one write per attempt: per source address
/// and reason, the first refusal of a window (<c>Broker:RefusalWindow</c>) is stored as a host event and
/// raises (or extends) one alert; the others of the window are counted in memory and stored as one event
/// with their count when the window ends (or the host stops). The broker's output reader only counts under
/// a lock; writes happen on this service's loop. Memory is bounded: at most <see cref="MaxSources"/>
/// addresses have windows of their own, attempts from further addresses share one window per reason.
/// </summary>
public sealed partial class RefusedConnectionRecorder(
    ITelemetryStore store,
    TimeProvider time,
    IOptions<EdgeSecurityHostOptions> options,
    ILogger<RefusedConnectionRecorder> logger) : BackgroundService
{
    /// <summary>Rule id of the alert raised for refused connections (device <see cref="HostSecurityEvents.HostDeviceId"/>).</summary>
    public const string AlertRule = "broker-tls-refused";

    /// <summary>Source addresses with a window of their own; the rest share <see cref="OtherAddresses"/>.</summary>
    public const int MaxSources = 1000;

    /// <summary>The source of the shared windows once <see cref="MaxSources"/> addresses have one.</summary>
    public const string OtherAddresses = "other-addresses";

    private readonly Dictionary<(string Address, RefusalReason Reason), Window> _windows = [];
    private readonly List<Window> _ended = [];
    private readonly object _gate = new();

    private long WindowMs => (long)options.Value.Broker.RefusalWindow.TotalMilliseconds;

    /// <summary>Counts one refused connection; called on the broker's output reader thread, so it only takes a lock.</summary>
    public void Add(RefusedConnection refusal)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        long now = time.GetUtcNow().ToUnixTimeMilliseconds();
        lock (_gate)
        {
            var key = (refusal.PeerAddress, refusal.Reason);
            if (!_windows.ContainsKey(key) && _windows.Count >= MaxSources)
            {
                key = (OtherAddresses, refusal.Reason);
            }

            if (_windows.TryGetValue(key, out var open) && now - open.StartMs < WindowMs)
            {
                open.Followers++;
                open.Latest = refusal;
                return;
            }

            if (open is not null)
            {
                _ended.Add(open);
            }

            _windows[key] = new Window(key.Item1, refusal, now);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        await FlushAsync(all: true, cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(200), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await FlushAsync(all: false, stoppingToken).ConfigureAwait(false);
                }
                catch (System.Data.Common.DbException e)
                {
                    // The store unavailable for a moment: what was not written stays counted and is written next time.
                    LogFlushFailed(e);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: StopAsync stores what is left.
        }
    }

    /// <summary>Writes the first refusal of each new window and the count of each ended one.</summary>
    public async Task FlushAsync(bool all, CancellationToken cancellationToken)
    {
        long now = time.GetUtcNow().ToUnixTimeMilliseconds();
        List<Window> fresh;
        List<Window> ended;
        lock (_gate)
        {
            fresh = [.. _windows.Values.Concat(_ended).Where(w => w.FirstEventId is null)];
            foreach (var window in _windows.Values.Where(w => all || now - w.StartMs >= WindowMs).ToList())
            {
                _windows.Remove((window.Address, window.First.Reason));
                _ended.Add(window);
            }

            ended = [.. _ended];
            _ended.Clear();
        }

        try
        {
            foreach (var window in fresh)
            {
                await StoreFirstAsync(window, cancellationToken).ConfigureAwait(false);
            }

            foreach (var window in ended)
            {
                await StoreFollowersAsync(window, cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            lock (_gate)
            {
                // Keep what was not written for the next flush; nothing counted is dropped.
                _ended.AddRange(ended.Where(w => w.Followers > 0 || w.FirstEventId is null));
            }

            throw;
        }
    }

    private async Task StoreFirstAsync(Window window, CancellationToken cancellationToken)
    {
        var first = window.First;
        string reason = RefusalReasons.Name(first.Reason);
        string detail = $"{Source(window.Address)} {reason}: {first.Detail}{Listener(first)}";
        var at = first.At.ToUnixTimeMilliseconds();
        var id = await store.RecordHostEventAsync(new HostEventRecord(at, HostSecurityEvents.BrokerConnectionRefused, (int)EventSeverity.Warning, window.Address, null, detail), cancellationToken).ConfigureAwait(false);
        window.FirstEventId = id;
        LogRefused(window.Address, reason, first.Detail);

        // One new alert per source and reason, raised or extended in one step of the store (host instances reading the
        // same refusals at once make one alert).
        string marker = AlertMarker(window.Address, reason);
        string alertDetail = $"{marker}: {first.Detail}. More attempts of this source and reason are added to this alert while it is new (host events {HostSecurityEvents.BrokerConnectionRefused}).";
        var alert = await store.RaiseAlertAsync(
            new AlertRecord(AlertRule, HostSecurityEvents.HostDeviceId, (int)EventSeverity.Error, "TLS connections refused by the broker", alertDetail, AlertStatus.New, at, at, [id]),
            AlertKey.WhileNew(marker),
            cancellationToken).ConfigureAwait(false);
        window.AlertId = alert.Id;
    }

    private async Task StoreFollowersAsync(Window window, CancellationToken cancellationToken)
    {
        if (window.Followers == 0)
        {
            return;
        }

        var latest = window.Latest;
        string reason = RefusalReasons.Name(latest.Reason);
        string seconds = (WindowMs / 1000.0).ToString("0.#", CultureInfo.InvariantCulture);
        string detail = $"{window.Followers} more connections refused {Source(window.Address)} {reason} within {seconds} s (latest: {latest.Detail}{Listener(latest)})";
        var at = latest.At.ToUnixTimeMilliseconds();
        var id = await store.RecordHostEventAsync(new HostEventRecord(at, HostSecurityEvents.BrokerConnectionRefused, (int)EventSeverity.Warning, window.Address, null, detail), cancellationToken).ConfigureAwait(false);
        window.Followers = 0;
        LogAggregated(window.Address, reason, detail);
        if (window.AlertId is { } alertId)
        {
            await store.AddAlertEventsAsync(alertId, [id], at, cancellationToken).ConfigureAwait(false);
        }
    }

    private static string AlertMarker(string address, string reason) => $"TLS connections refused {Source(address)} ({reason})";

    private static string Source(string address) => address == OtherAddresses ? "from further addresses" : "from " + address;

    private static string Listener(RefusedConnection refusal) =>
        refusal.ListenerPort is { } port ? $" (broker port {port.ToString(CultureInfo.InvariantCulture)})" : "";

    [LoggerMessage(Level = LogLevel.Warning, Message = "The broker refused a TLS connection from {Address}: {Reason} ({Detail})")]
    private partial void LogRefused(string address, string reason, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The broker refused more TLS connections from {Address}, {Reason}: {Detail}")]
    private partial void LogAggregated(string address, string reason, string detail);

    [LoggerMessage(Level = LogLevel.Error, Message = "Storing refused broker connections failed; retrying")]
    private partial void LogFlushFailed(Exception exception);

    /// <summary>One source's refusals for one reason since <see cref="StartMs"/>; counters change under the recorder's lock.</summary>
    private sealed class Window(string address, RefusedConnection first, long startMs)
    {
        public string Address { get; } = address;

        public RefusedConnection First { get; } = first;

        public long StartMs { get; } = startMs;

        public RefusedConnection Latest { get; set; } = first;

        public int Followers { get; set; }

        public long? FirstEventId { get; set; }

        public long? AlertId { get; set; }
    }
}
