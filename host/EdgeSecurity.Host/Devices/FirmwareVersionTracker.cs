using EdgeSecurity.Firmware.Core.Events;
using EdgeSecurity.Host.Ingest;
using EdgeSecurity.Host.Storage;

namespace EdgeSecurity.Host.Devices;

/// <summary>
/// Keeps a device's firmware version at the version its newest successful boot verification reported
/// (the bundle that runs). Newest means highest device sequence, not arrival: the store keeps the sequence
/// and ignores an older boot event that is stored late.
/// </summary>
public sealed class FirmwareVersionTracker(ITelemetryStore store)
{
    /// <summary>At most one update per batch, and none for a batch without a successful boot event.</summary>
    public async Task OnIngestedAsync(VerifiedBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        (long Sequence, string Version)? newest = null;
        foreach (var record in batch.NewRecords)
        {
            if (BootedVersion(record) is { } version && (newest is null || record.Sequence > newest.Value.Sequence))
            {
                newest = (record.Sequence, version);
            }
        }

        if (newest is { } boot)
        {
            await store.SetFirmwareVersionAsync(batch.DeviceId, boot.Version, boot.Sequence, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The version a successful boot verification event reports; null for other events, failed boots
    /// (the image did not run) and an empty version.</summary>
    public static string? BootedVersion(EventRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.EventType != EventTypes.BootVerification || EventRecordMapper.ResultCode(record) != 0)
        {
            return null;
        }

        return record.FindField(EventFieldIds.Boot.Version) is { Kind: EventFieldKind.String, StringValue: { Length: > 0 } version } ? version : null;
    }
}
