namespace EdgeSecurity.Firmware.Core.Crypto
{
    /// <summary>
    /// Computes [s]B + [k]P for the fixed base point B and a per-signature point P (Straus/Shamir: one shared
    /// chain of doublings, signed-digit windows for both scalars). Variable-time: every input is public.
    /// </summary>
    /// <remarks>
    /// About 253 doublings; with a width-5 window on P (8 odd multiples computed per call) and a width-7
    /// window on B (32 odd multiples hard-coded) the non-zero digits, hence additions, average
    /// 253/6 + 253/8, about 74.
    /// </remarks>
    internal static class DoubleScalarMultiplier
    {
        /// <summary>result (projective, T stale) = [s]B + [k]P. s and k are 32-byte scalars below 2^253.</summary>
        internal static void Multiply(ExtendedPoint result, byte[] s, byte[] k, ExtendedPoint p, VerificationWorkspace w)
        {
            BuildOddMultiples(w.KeyMultiples, p, w);
            Scalar25519.ToNonAdjacentForm(w.KeyDigits, k, VerificationWorkspace.KeyWindowWidth);
            Scalar25519.ToNonAdjacentForm(w.BaseDigits, s, BasePointTable.WindowWidth);

            int top = 255;
            while (top >= 0 && w.KeyDigits[top] == 0 && w.BaseDigits[top] == 0)
            {
                top--;
            }

            result.SetIdentity();
            CompletedPoint sum = w.Completed;
            ExtendedPoint extended = w.Sum;
            CachedPoint[] keyMultiples = w.KeyMultiples;
            AffinePoint[] baseMultiples = BasePointTable.OddMultiples;
            for (int i = top; i >= 0; i--)
            {
                EdwardsArithmetic.Double(sum, result, w.T0);

                int digit = w.KeyDigits[i];
                if (digit > 0)
                {
                    EdwardsArithmetic.ToExtended(extended, sum);
                    EdwardsArithmetic.Add(sum, extended, keyMultiples[digit >> 1], w.T0);
                }
                else if (digit < 0)
                {
                    EdwardsArithmetic.ToExtended(extended, sum);
                    EdwardsArithmetic.Subtract(sum, extended, keyMultiples[(-digit) >> 1], w.T0);
                }

                digit = w.BaseDigits[i];
                if (digit > 0)
                {
                    EdwardsArithmetic.ToExtended(extended, sum);
                    EdwardsArithmetic.AddAffine(sum, extended, baseMultiples[digit >> 1], w.T0);
                }
                else if (digit < 0)
                {
                    EdwardsArithmetic.ToExtended(extended, sum);
                    EdwardsArithmetic.SubtractAffine(sum, extended, baseMultiples[(-digit) >> 1], w.T0);
                }

                EdwardsArithmetic.ToProjective(result, sum);
            }
        }

        /// <summary>table[i] = (2i + 1)P in cached form: 1 doubling and table.Length - 1 additions.</summary>
        private static void BuildOddMultiples(CachedPoint[] table, ExtendedPoint p, VerificationWorkspace w)
        {
            CompletedPoint sum = w.Completed;
            ExtendedPoint twice = w.Accumulator;
            ExtendedPoint current = w.Sum;
            EdwardsArithmetic.ToCached(table[0], p);
            EdwardsArithmetic.Double(sum, p, w.T0);
            EdwardsArithmetic.ToExtended(twice, sum);
            for (int i = 1; i < table.Length; i++)
            {
                EdwardsArithmetic.Add(sum, twice, table[i - 1], w.T0);
                EdwardsArithmetic.ToExtended(current, sum);
                EdwardsArithmetic.ToCached(table[i], current);
            }
        }
    }
}
