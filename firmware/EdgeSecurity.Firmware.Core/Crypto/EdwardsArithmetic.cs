namespace EdgeSecurity.Firmware.Core.Crypto
{
    /// <summary>
    /// Group operations on edwards25519 (-x^2 + y^2 = 1 + d*x^2*y^2) in the extended coordinates of
    /// Hisil, Wong, Carter and Dawson (2008), a = -1. Results are <see cref="CompletedPoint"/>s; the
    /// caller converts them. Field operation counts per call are listed so the device cost can be
    /// estimated from the code (docs/performance.md).
    /// </summary>
    internal static class EdwardsArithmetic
    {
        /// <summary>r = 2p, reading p as projective (T unused). 3 squarings, 1 doubled squaring, 5 add/sub.</summary>
        internal static void Double(CompletedPoint r, ExtendedPoint p, int[] t0)
        {
            Field25519.Square(r.X, p.X);             // X^2
            Field25519.Square(r.Z, p.Y);             // Y^2
            Field25519.SquareDouble(r.T, p.Z);       // 2 Z^2
            Field25519.Add(r.Y, p.X, p.Y);
            Field25519.Square(t0, r.Y);              // (X + Y)^2
            Field25519.Add(r.Y, r.Z, r.X);           // Y^2 + X^2
            Field25519.Subtract(r.Z, r.Z, r.X);      // Y^2 - X^2
            Field25519.Subtract(r.X, t0, r.Y);       // 2XY
            Field25519.Subtract(r.T, r.T, r.Z);      // 2Z^2 - (Y^2 - X^2)
        }

        /// <summary>r = p + q (q cached). 4 multiplications, 7 add/sub.</summary>
        internal static void Add(CompletedPoint r, ExtendedPoint p, CachedPoint q, int[] t0)
        {
            Field25519.Add(r.X, p.Y, p.X);
            Field25519.Subtract(r.Y, p.Y, p.X);
            Field25519.Multiply(r.Z, r.X, q.YPlusX);  // B
            Field25519.Multiply(r.Y, r.Y, q.YMinusX); // A
            Field25519.Multiply(r.T, q.T2d, p.T);     // C
            Field25519.Multiply(r.X, p.Z, q.Z);
            Field25519.Add(t0, r.X, r.X);             // D
            Field25519.Subtract(r.X, r.Z, r.Y);       // E = B - A
            Field25519.Add(r.Y, r.Z, r.Y);            // H = B + A
            Field25519.Add(r.Z, t0, r.T);             // G = D + C
            Field25519.Subtract(r.T, t0, r.T);        // F = D - C
        }

        /// <summary>r = p - q (q cached): the addition of -q = (-x, y), i.e. Y+X and Y-X swapped, T negated.</summary>
        internal static void Subtract(CompletedPoint r, ExtendedPoint p, CachedPoint q, int[] t0)
        {
            Field25519.Add(r.X, p.Y, p.X);
            Field25519.Subtract(r.Y, p.Y, p.X);
            Field25519.Multiply(r.Z, r.X, q.YMinusX);
            Field25519.Multiply(r.Y, r.Y, q.YPlusX);
            Field25519.Multiply(r.T, q.T2d, p.T);
            Field25519.Multiply(r.X, p.Z, q.Z);
            Field25519.Add(t0, r.X, r.X);
            Field25519.Subtract(r.X, r.Z, r.Y);
            Field25519.Add(r.Y, r.Z, r.Y);
            Field25519.Subtract(r.Z, t0, r.T);
            Field25519.Add(r.T, t0, r.T);
        }

        /// <summary>r = p + q (q affine, Z = 1). 3 multiplications, 7 add/sub.</summary>
        internal static void AddAffine(CompletedPoint r, ExtendedPoint p, AffinePoint q, int[] t0)
        {
            Field25519.Add(r.X, p.Y, p.X);
            Field25519.Subtract(r.Y, p.Y, p.X);
            Field25519.Multiply(r.Z, r.X, q.YPlusX);
            Field25519.Multiply(r.Y, r.Y, q.YMinusX);
            Field25519.Multiply(r.T, q.XY2d, p.T);
            Field25519.Add(t0, p.Z, p.Z);
            Field25519.Subtract(r.X, r.Z, r.Y);
            Field25519.Add(r.Y, r.Z, r.Y);
            Field25519.Add(r.Z, t0, r.T);
            Field25519.Subtract(r.T, t0, r.T);
        }

        /// <summary>r = p - q (q affine, Z = 1).</summary>
        internal static void SubtractAffine(CompletedPoint r, ExtendedPoint p, AffinePoint q, int[] t0)
        {
            Field25519.Add(r.X, p.Y, p.X);
            Field25519.Subtract(r.Y, p.Y, p.X);
            Field25519.Multiply(r.Z, r.X, q.YMinusX);
            Field25519.Multiply(r.Y, r.Y, q.YPlusX);
            Field25519.Multiply(r.T, q.XY2d, p.T);
            Field25519.Add(t0, p.Z, p.Z);
            Field25519.Subtract(r.X, r.Z, r.Y);
            Field25519.Add(r.Y, r.Z, r.Y);
            Field25519.Subtract(r.Z, t0, r.T);
            Field25519.Add(r.T, t0, r.T);
        }

        /// <summary>r = p as extended coordinates, needed before an addition. 4 multiplications.</summary>
        internal static void ToExtended(ExtendedPoint r, CompletedPoint p)
        {
            Field25519.Multiply(r.X, p.X, p.T);
            Field25519.Multiply(r.Y, p.Y, p.Z);
            Field25519.Multiply(r.Z, p.Z, p.T);
            Field25519.Multiply(r.T, p.X, p.Y);
        }

        /// <summary>r = p as projective coordinates (r.T left stale), enough for a following doubling. 3 multiplications.</summary>
        internal static void ToProjective(ExtendedPoint r, CompletedPoint p)
        {
            Field25519.Multiply(r.X, p.X, p.T);
            Field25519.Multiply(r.Y, p.Y, p.Z);
            Field25519.Multiply(r.Z, p.Z, p.T);
        }

        /// <summary>r = p in the cached form an addition consumes. 1 multiplication, 2 add/sub.</summary>
        internal static void ToCached(CachedPoint r, ExtendedPoint p)
        {
            Field25519.Add(r.YPlusX, p.Y, p.X);
            Field25519.Subtract(r.YMinusX, p.Y, p.X);
            Field25519.Copy(r.Z, p.Z);
            Field25519.Multiply(r.T2d, p.T, Field25519.D2);
        }
    }
}
