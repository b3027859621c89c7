using EdgeSecurity.Firmware.Core.Platform;

namespace EdgeSecurity.Pki.Provisioning;

/// <summary>
/// The provisioning host's clock, trusted: expiry of the first bundle and of the trust root is judged at
/// provisioning time, as a device with trusted time would judge it (the provisioning host is the operator's).
/// </summary>
internal sealed class ProvisioningHostClock(DateTimeOffset now) : IClock
{
    public long UptimeMilliseconds => 0;

    public DateTime UtcNow => now.UtcDateTime;

    public bool IsWallClockTrusted => true;
}
