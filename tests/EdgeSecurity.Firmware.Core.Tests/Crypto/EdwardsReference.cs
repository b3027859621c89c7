using System.Numerics;
using EdgeSecurity.Firmware.Core.Crypto;

namespace EdgeSecurity.Firmware.Core.Tests.Crypto;

/// <summary>Slow, obviously-correct affine edwards25519 arithmetic on BigInteger, the oracle for point tests.</summary>
internal static class EdwardsReference
{
    public static readonly BigInteger D = FieldReference.Mod(-121665 * Inverse(121666));

    public static readonly (BigInteger X, BigInteger Y) Identity = (BigInteger.Zero, BigInteger.One);

    public static readonly (BigInteger X, BigInteger Y) Base = BasePoint();

    public static BigInteger Inverse(BigInteger x) => BigInteger.ModPow(FieldReference.Mod(x), FieldReference.P - 2, FieldReference.P);

    public static (BigInteger X, BigInteger Y) Add((BigInteger X, BigInteger Y) a, (BigInteger X, BigInteger Y) b)
    {
        BigInteger t = FieldReference.Mod(D * a.X * b.X * a.Y * b.Y);
        BigInteger x = FieldReference.Mod((a.X * b.Y + a.Y * b.X) * Inverse(1 + t));
        BigInteger y = FieldReference.Mod((a.Y * b.Y + a.X * b.X) * Inverse(1 - t));
        return (x, y);
    }

    /// <summary>Double-and-add in projective extended coordinates (unified a = -1 formula, one inversion at the end).</summary>
    public static (BigInteger X, BigInteger Y) Multiply(BigInteger scalar, (BigInteger X, BigInteger Y) point)
    {
        (BigInteger X, BigInteger Y, BigInteger Z, BigInteger T) q = (point.X, point.Y, BigInteger.One, FieldReference.Mod(point.X * point.Y));
        (BigInteger X, BigInteger Y, BigInteger Z, BigInteger T) r = (BigInteger.Zero, BigInteger.One, BigInteger.One, BigInteger.Zero);
        for (int bit = (int)scalar.GetBitLength() - 1; bit >= 0; bit--)
        {
            r = AddProjective(r, r);
            if (!(scalar >> bit).IsEven)
            {
                r = AddProjective(r, q);
            }
        }

        BigInteger inverseZ = Inverse(r.Z);
        return (FieldReference.Mod(r.X * inverseZ), FieldReference.Mod(r.Y * inverseZ));
    }

    private static (BigInteger X, BigInteger Y, BigInteger Z, BigInteger T) AddProjective(
        (BigInteger X, BigInteger Y, BigInteger Z, BigInteger T) p, (BigInteger X, BigInteger Y, BigInteger Z, BigInteger T) q)
    {
        BigInteger a = p.X * q.X;
        BigInteger b = p.Y * q.Y;
        BigInteger c = D * p.T % FieldReference.P * q.T;
        BigInteger d = p.Z * q.Z;
        BigInteger e = (p.X + p.Y) * (q.X + q.Y) - a - b;
        BigInteger f = d - c;
        BigInteger g = d + c;
        BigInteger h = b + a;
        return (FieldReference.Mod(e * f), FieldReference.Mod(g * h), FieldReference.Mod(f * g), FieldReference.Mod(e * h));
    }

    public static (BigInteger X, BigInteger Y) Negate((BigInteger X, BigInteger Y) point) => (FieldReference.Mod(-point.X), point.Y);

    public static byte[] Encode((BigInteger X, BigInteger Y) point)
    {
        byte[] bytes = FieldReference.ToLittleEndian(point.Y, 32);
        if (!point.X.IsEven)
        {
            bytes[31] |= 0x80;
        }

        return bytes;
    }

    public static bool IsOnCurve((BigInteger X, BigInteger Y) p) =>
        FieldReference.Mod(-p.X * p.X + p.Y * p.Y - 1 - D * p.X * p.X * p.Y * p.Y).IsZero;

    /// <summary>Affine coordinates of a projective point computed by the library.</summary>
    public static (BigInteger X, BigInteger Y) Affine(ExtendedPoint p)
    {
        BigInteger inverseZ = Inverse(FieldReference.ToInteger(p.Z));
        return (FieldReference.Mod(FieldReference.ToInteger(p.X) * inverseZ), FieldReference.Mod(FieldReference.ToInteger(p.Y) * inverseZ));
    }

    private static (BigInteger X, BigInteger Y) BasePoint()
    {
        BigInteger y = FieldReference.Mod(4 * Inverse(5));
        BigInteger x2 = FieldReference.Mod((y * y - 1) * Inverse(D * y * y + 1));
        BigInteger x = BigInteger.ModPow(x2, (FieldReference.P + 3) / 8, FieldReference.P);
        if (!FieldReference.Mod(x * x - x2).IsZero)
        {
            x = FieldReference.Mod(x * BigInteger.ModPow(2, (FieldReference.P - 1) / 4, FieldReference.P));
        }

        return (x.IsEven ? x : FieldReference.P - x, y);
    }
}
