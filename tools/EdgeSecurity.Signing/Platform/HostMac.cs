using System.Security.Cryptography;
using EdgeSecurity.Firmware.Core.Platform;

namespace EdgeSecurity.Signing.Platform;

/// <summary>The core's keyed-hash primitive on .NET: the same HMAC-SHA256 the device computes natively.</summary>
internal sealed class HostMac : IMacPrimitive
{
    public static readonly HostMac Instance = new();

    public byte[] HmacSha256(byte[] key, byte[] data) => HMACSHA256.HashData(key, data);
}
