using System.Globalization;
using EdgeSecurity.Firmware.Core.Events;
using EdgeSecurity.Host.Storage;
using EdgeSecurity.Host.Storage.Model;

namespace EdgeSecurity.Host.Api;

/// <summary>
/// Records the host's own security events (docs/api.md "Host events") and raises the host's alerts: the
/// device-like source <see cref="HostDeviceId"/> in the alert queue, whose linked "event sequences" are host event ids.
/// </summary>
public sealed class HostSecurityEvents(ITelemetryStore store, TimeProvider time, ILogger<HostSecurityEvents> log)
{
    /// <summary>The device id under which the host's own alerts appear; reserved, so no enrolled device can have it.</summary>
    public const string HostDeviceId = EdgeSecurity.Pki.DeviceId.HostSource;

    public const string AuthenticationFailure = "api-authentication-failure";
    public const string AuthenticationRateLimited = "api-authentication-rate-limited";
    public const string TokenCreated = "api-token-created";
    public const string TokenRevoked = "api-token-revoked";

    /// <summary>The embedded broker refused a TLS connection (one event, or one counted event per window and source).</summary>
    public const string BrokerConnectionRefused = "broker-tls-refused";

    /// <summary>Every host event type.</summary>
    public static IReadOnlyList<string> Types { get; } = [AuthenticationFailure, AuthenticationRateLimited, TokenCreated, TokenRevoked, BrokerConnectionRefused];

    /// <summary>Rule id of the alert raised when an address is rate-limited.</summary>
    public const string AuthenticationAttackRule = "api-authentication-attack";

    public async Task AuthenticationFailedAsync(string? address, string reason, string path, CancellationToken cancellationToken)
    {
        log.LogWarning("API authentication failed from {Address} on {Path}: {Reason}", address, path, reason);
        await store.RecordHostEventAsync(
            new HostEventRecord(Now(), AuthenticationFailure, (int)EventSeverity.Warning, address, null, $"{reason} ({path})"),
            cancellationToken).ConfigureAwait(false);
    }

    public async Task RateLimitedAsync(string? address, int failures, TimeSpan window, CancellationToken cancellationToken)
    {
        var now = Now();
        var detail = $"{failures} failed authentications from {address} within {window.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s; the address is refused (429) until the window ends.";
        log.LogWarning("API client {Address} rate-limited after {Failures} failed authentications", address, failures);
        var id = await store.RecordHostEventAsync(new HostEventRecord(now, AuthenticationRateLimited, (int)EventSeverity.Error, address, null, detail), cancellationToken).ConfigureAwait(false);
        // Raised or extended in one step of the store: host instances rate-limiting at once make one alert.
        await store.RaiseAlertAsync(
            new AlertRecord(AuthenticationAttackRule, HostDeviceId, (int)EventSeverity.Error, "Repeated failed API authentication", detail, AlertStatus.New, now, now, [id]),
            AlertKey.WhileNew(),
            cancellationToken).ConfigureAwait(false);
    }

    private long Now() => time.GetUtcNow().ToUnixTimeMilliseconds();
}
