using System.Numerics;
using EdgeSecurity.Firmware.Core.Crypto;

namespace EdgeSecurity.Firmware.Core.Tests.Crypto;

/// <summary>Exact reference arithmetic (BigInteger) for checking the 10-limb field code.</summary>
internal static class FieldReference
{
    public static readonly BigInteger P = (BigInteger.One << 255) - 19;

    public static readonly BigInteger L = (BigInteger.One << 252) + BigInteger.Parse("27742317777372353535851937790883648493", System.Globalization.CultureInfo.InvariantCulture);

    private static readonly int[] Shift = [0, 26, 51, 77, 102, 128, 153, 179, 204, 230];

    public static BigInteger Mod(BigInteger x) => ((x % P) + P) % P;

    public static BigInteger ToInteger(int[] limbs)
    {
        BigInteger value = BigInteger.Zero;
        for (int i = 0; i < 10; i++)
        {
            value += new BigInteger(limbs[i]) << Shift[i];
        }

        return Mod(value);
    }

    public static int[] FromInteger(BigInteger value)
    {
        byte[] bytes = ToLittleEndian(Mod(value), 32);
        int[] limbs = Field25519.Create();
        Field25519.FromBytes(limbs, bytes, 0);
        return limbs;
    }

    public static byte[] ToLittleEndian(BigInteger value, int size)
    {
        byte[] raw = value.ToByteArray(isUnsigned: true, isBigEndian: false);
        byte[] bytes = new byte[size];
        Array.Copy(raw, bytes, Math.Min(raw.Length, size));
        return bytes;
    }

    public static BigInteger FromLittleEndian(byte[] bytes) => new(bytes, isUnsigned: true, isBigEndian: false);

    /// <summary>Random limbs with |limb| &lt;= bound, the worst inputs the multiplication contract allows.</summary>
    public static int[] RandomLimbs(Random random, int bound)
    {
        int[] limbs = new int[10];
        for (int i = 0; i < 10; i++)
        {
            limbs[i] = random.Next(-bound, bound + 1);
        }

        return limbs;
    }
}
