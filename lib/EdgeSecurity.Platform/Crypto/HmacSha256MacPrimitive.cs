using System.Security.Cryptography;
using EdgeSecurity.Firmware.Core.Platform;

namespace EdgeSecurity.Platform.Crypto;

/// <summary>The .NET counterpart of nanoFramework's native one-shot HMAC-SHA256.</summary>
public sealed class HmacSha256MacPrimitive : IMacPrimitive
{
    public byte[] HmacSha256(byte[] key, byte[] data)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(data);
        return HMACSHA256.HashData(key, data);
    }
}
