using System.Security.Cryptography;
using EdgeSecurity.Firmware.Core.Platform;
using EdgeSecurity.Platform.Crypto;

namespace EdgeSecurity.Firmware.Core.Tests.Events.Support;

/// <summary>The host platform's HMAC-SHA256 (the device's native primitive on .NET), counting calls.</summary>
internal sealed class TestMac : IMacPrimitive
{
    private readonly HmacSha256MacPrimitive _inner = new();

    public int Calls { get; private set; }

    public byte[] HmacSha256(byte[] key, byte[] data)
    {
        Calls++;
        return _inner.HmacSha256(key, data);
    }

    /// <summary>A fresh random device event key; never a constant in the repository.</summary>
    public static byte[] NewKey() => RandomNumberGenerator.GetBytes(32);
}
