using EdgeSecurity.Firmware.Core.Platform;

namespace EdgeSecurity.Firmware.PortableCases.Support
{
    /// <summary>
    /// HMAC-SHA256 (RFC 2104 over FIPS 180-4 SHA-256) in managed code, for the test runner only: the posix
    /// nanoCLR has no native HMAC (nanoFramework.System.Security.Cryptography is not compiled into it), and
    /// the device uses the native one (NativeHmac). Not constant-time; never used with device secrets.
    /// </summary>
    public sealed class ManagedHmacSha256 : IMacPrimitive
    {
        private const int BlockBytes = 64;

        public byte[] HmacSha256(byte[] key, byte[] data)
        {
            byte[] block = new byte[BlockBytes];
            byte[] shortKey = key.Length > BlockBytes ? Sha256.Hash(key, 0, key.Length) : key;
            System.Array.Copy(shortKey, block, shortKey.Length);

            byte[] inner = new byte[BlockBytes + data.Length];
            for (int i = 0; i < BlockBytes; i++)
            {
                inner[i] = (byte)(block[i] ^ 0x36);
            }

            System.Array.Copy(data, 0, inner, BlockBytes, data.Length);
            byte[] innerHash = Sha256.Hash(inner, 0, inner.Length);

            byte[] outer = new byte[BlockBytes + innerHash.Length];
            for (int i = 0; i < BlockBytes; i++)
            {
                outer[i] = (byte)(block[i] ^ 0x5C);
            }

            System.Array.Copy(innerHash, 0, outer, BlockBytes, innerHash.Length);
            return Sha256.Hash(outer, 0, outer.Length);
        }
    }
}
