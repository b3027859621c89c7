namespace EdgeSecurity.Firmware.Core.Crypto
{
    /// <summary>
    /// A precomputed affine table entry (y+x, y-x, 2d*x*y) with Z = 1, which saves one multiplication per
    /// addition compared with <see cref="CachedPoint"/>. Used for the fixed multiples of the base point.
    /// </summary>
    internal sealed class AffinePoint
    {
        internal readonly int[] YPlusX;
        internal readonly int[] YMinusX;
        internal readonly int[] XY2d;

        internal AffinePoint(int[] yPlusX, int[] yMinusX, int[] xy2d)
        {
            YPlusX = yPlusX;
            YMinusX = yMinusX;
            XY2d = xy2d;
        }
    }
}
