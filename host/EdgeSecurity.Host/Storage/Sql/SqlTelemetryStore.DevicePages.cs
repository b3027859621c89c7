using EdgeSecurity.Host.Storage.Model;

namespace EdgeSecurity.Host.Storage.Sql;

/// <summary>The device list a page at a time (keyset on the primary key), for fleets too large for one answer.</summary>
internal sealed partial class SqlTelemetryStore
{
    public async Task<Page<DeviceRecord>> QueryDevicesAsync(DeviceQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var limit = PageLimit(query.Limit);
        var devices = query.AfterDeviceId is null
            ? await ReadDevicesAsync(string.Empty, null, cancellationToken, limit + 1).ConfigureAwait(false)
            : await ReadDevicesAsync("WHERE device_id > @d", query.AfterDeviceId, cancellationToken, limit + 1).ConfigureAwait(false);
        if (devices.Count <= limit)
        {
            return new Page<DeviceRecord>(devices, null);
        }

        devices.RemoveAt(limit);
        return new Page<DeviceRecord>(devices, devices[^1].DeviceId);
    }
}
