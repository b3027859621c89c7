namespace EdgeSecurity.Firmware.Core.Digests
{
    /// <summary>Equality of digests without an early exit (timing reveals nothing about where they differ).</summary>
    internal static class DigestComparison
    {
        // Temporary: replaced by Crypto.ConstantTime.AreEqual when branch crypto is merged.
        internal static bool AreEqual(byte[] a, byte[] b)
        {
            if (a == null || b == null || a.Length != b.Length)
            {
                return false;
            }

            int difference = 0;
            for (int i = 0; i < a.Length; i++)
            {
                difference |= a[i] ^ b[i];
            }

            return difference == 0;
        }
    }
}
