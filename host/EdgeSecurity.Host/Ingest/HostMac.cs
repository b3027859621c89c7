using System.Security.Cryptography;
using EdgeSecurity.Firmware.Core.Platform;

namespace EdgeSecurity.Host.Ingest;

/// <summary>The core's MAC primitive on the host: .NET's HMAC-SHA256, so chain and ack code is shared with the device.</summary>
internal sealed class HostMac : IMacPrimitive
{
    public static readonly HostMac Instance = new();

    public byte[] HmacSha256(byte[] key, byte[] data) => HMACSHA256.HashData(key, data);
}
