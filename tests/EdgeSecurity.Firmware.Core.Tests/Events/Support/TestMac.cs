using System.Security.Cryptography;
using EdgeSecurity.Firmware.Core.Platform;

namespace EdgeSecurity.Firmware.Core.Tests.Events.Support;

/// <summary>HMAC-SHA256 from .NET, standing in for the device's native primitive.</summary>
internal sealed class TestMac : IMacPrimitive
{
    public int Calls { get; private set; }

    public byte[] HmacSha256(byte[] key, byte[] data)
    {
        Calls++;
        return HMACSHA256.HashData(key, data);
    }

    /// <summary>A fresh random device event key; never a constant in the repository.</summary>
    public static byte[] NewKey() => RandomNumberGenerator.GetBytes(32);
}
