using EdgeSecurity.Firmware.Core.Crypto;

namespace EdgeSecurity.Firmware.Core.Tests.Crypto;

/// <summary>
/// Counts what one verification executes, from the code: the point operations follow from the signed
/// digits of S and k (the loop in DoubleScalarMultiplier), the field operations per point operation are
/// read from the IL of EdwardsArithmetic, and the IL instructions per field operation from the IL of
/// Field25519 (straight-line methods, so static = executed).
/// </summary>
internal sealed class VerifyCostModel
{
    private static readonly string[] FieldOps = ["Field25519.Multiply", "Field25519.Square", "Field25519.SquareDouble", "Field25519.Add", "Field25519.Subtract", "Field25519.Negate", "Field25519.Copy"];

    public Dictionary<string, long> FieldCalls { get; } = FieldOps.ToDictionary(o => o, _ => 0L);

    public long PointOpInstructions { get; private set; }

    public long ExtraInstructions { get; private set; }

    public Dictionary<string, long> PointOps { get; } = [];

    public static VerifyCostModel ForSignature(byte[] signature, byte[] challenge)
    {
        VerifyCostModel model = new();
        sbyte[] keyDigits = new sbyte[256];
        sbyte[] baseDigits = new sbyte[256];
        Scalar25519.ToNonAdjacentForm(keyDigits, challenge, VerificationWorkspace.KeyWindowWidth);
        Scalar25519.ToNonAdjacentForm(baseDigits, signature[32..], BasePointTable.WindowWidth);
        int top = 255;
        while (top >= 0 && keyDigits[top] == 0 && baseDigits[top] == 0)
        {
            top--;
        }

        // Decode A: y^2, d*y^2, v^3 (S, M), v^7 (S, M), *u, the root exponent, x = r * v^3 * u, check v*x^2, T = x*y.
        model.Field("Field25519.Square", 4 + 251);
        model.Field("Field25519.Multiply", 8 + 11);
        model.Field("Field25519.Add", 1);
        model.Field("Field25519.Subtract", 2);
        model.Field("Field25519.Negate", 2);

        // Odd multiples of -A: 1 doubling, 7 additions, 8 conversions to cached, 8 to extended.
        int tableSize = 1 << (VerificationWorkspace.KeyWindowWidth - 2);
        model.Point("Double", 1);
        model.Point("Add", tableSize - 1);
        model.Point("ToCached", tableSize);
        model.Point("ToExtended", tableSize);

        for (int i = top; i >= 0; i--)
        {
            model.Point("Double", 1);
            if (keyDigits[i] != 0)
            {
                model.Point("ToExtended", 1);
                model.Point(keyDigits[i] > 0 ? "Add" : "Subtract", 1);
            }

            if (baseDigits[i] != 0)
            {
                model.Point("ToExtended", 1);
                model.Point(baseDigits[i] > 0 ? "AddAffine" : "SubtractAffine", 1);
            }

            model.Point("ToProjective", 1);
            model.ExtraInstructions += LoopOverheadPerIteration;
        }

        // Encode: inversion (254 squarings, 11 multiplications), x and y.
        model.Field("Field25519.Square", 254);
        model.Field("Field25519.Multiply", 11 + 2);
        return model;
    }

    /// <summary>IL of the loop body outside the point operations (digit loads, branches, counter), counted from DoubleScalarMultiplier's IL.</summary>
    public static int LoopOverheadPerIteration => 40;

    public long FieldInstructions(Func<string, int> instructionsPerCall) =>
        FieldCalls.Sum(kv => kv.Value * (long)instructionsPerCall(kv.Key));

    private void Field(string op, long count) => FieldCalls[op] += count;

    private void Point(string op, long count)
    {
        PointOps[op] = PointOps.GetValueOrDefault(op) + count;
        IlInspector.Profile profile = IlInspector.Inspect(IlInspector.Method(typeof(EdwardsArithmetic), op));
        foreach (KeyValuePair<string, int> call in profile.Calls)
        {
            FieldCalls[call.Key] += call.Value * count;
        }

        PointOpInstructions += profile.Instructions * count;
    }
}
