using System.Security.Cryptography;
using EdgeSecurity.Host.Configuration;
using EdgeSecurity.Host.Storage;
using EdgeSecurity.Host.Storage.Model;
using EdgeSecurity.Pki;
using EdgeSecurity.Pki.Registry;
using Microsoft.Extensions.Options;
using DeviceRecord = EdgeSecurity.Host.Storage.Model.DeviceRecord;
using PkiDeviceStatus = EdgeSecurity.Pki.Registry.DeviceStatus;

namespace EdgeSecurity.Host.Devices;

/// <summary>
/// Imports the PKI's fleet registry (devices.json) into the devices table and the in-memory
/// <see cref="DeviceDirectory"/>: at start, and again whenever the file changes (enrolment, revocation).
/// </summary>
public sealed partial class FleetRegistrySync(
    PkiLayout pki,
    ITelemetryStore store,
    DeviceDirectory directory,
    DeviceKeyCache keys,
    IOptions<EdgeSecurityHostOptions> options,
    ILogger<FleetRegistrySync> logger) : BackgroundService
{
    private string _lastStamp = "";

    /// <summary>Imports the registry now if it changed since the last import; returns whether it did.</summary>
    public async Task<bool> SyncAsync(CancellationToken cancellationToken)
    {
        var stamp = Convert.ToHexString(SHA256.HashData(await File.ReadAllBytesAsync(pki.Registry, cancellationToken).ConfigureAwait(false)));
        if (stamp == _lastStamp)
        {
            return false;
        }

        var registry = FleetRegistryFile.Load(pki);
        var statuses = new Dictionary<string, Storage.Model.DeviceStatus>(StringComparer.Ordinal);
        foreach (var device in registry.Devices)
        {
            var status = device.Status == PkiDeviceStatus.Revoked ? Storage.Model.DeviceStatus.Revoked : Storage.Model.DeviceStatus.Active;
            statuses[device.Id] = status;
            await store.UpsertDeviceAsync(
                new DeviceRecord(device.Id, status, device.HardwareClass, device.EnrolledAt.ToUnixTimeMilliseconds(), null, null, null, device.RevokedAt?.ToUnixTimeMilliseconds())
                {
                    CertificateExpiresAt = device.NotAfter,
                },
                cancellationToken).ConfigureAwait(false);
        }

        directory.Replace(statuses);
        keys.Clear(); // a re-enrolment (--force) writes a new event key

        _lastStamp = stamp;
        LogImported(statuses.Count, statuses.Values.Count(s => s == Storage.Model.DeviceStatus.Revoked));
        return true;
    }

    /// <summary>Imports the registry before anything else runs: ingest must know the fleet from its first message.</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await SyncAsync(cancellationToken).ConfigureAwait(false);
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RegistryPollInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await SyncAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or PkiException)
            {
                // A registry being rewritten or damaged keeps the last good import; the next tick retries.
                LogSyncFailed(e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Imported the fleet registry: {Devices} devices, {Revoked} revoked")]
    private partial void LogImported(int devices, int revoked);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Importing the fleet registry failed; keeping the previous import")]
    private partial void LogSyncFailed(Exception exception);
}
