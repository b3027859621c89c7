namespace EdgeSecurity.Firmware.Core.Tests.Crypto;

/// <summary>Hex helpers for transcribed test vectors.</summary>
internal static class TestHex
{
    public static byte[] Decode(string hex) => Convert.FromHexString(hex);

    public static string Encode(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
