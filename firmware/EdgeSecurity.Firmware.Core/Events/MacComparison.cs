namespace EdgeSecurity.Firmware.Core.Events
{
    /// <summary>
    /// Compares MACs in time independent of where they differ, so a forger learns nothing from timing.
    /// Stand-in until the shared Crypto.ConstantTime helper (branch `crypto`) is merged.
    /// </summary>
    internal static class MacComparison
    {
        public static bool AreEqual(byte[] a, byte[] b)
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
