using System.Globalization;
using EdgeSecurity.Firmware.Core.Crypto;
using EdgeSecurity.Firmware.PortableCases.Vectors;
using Xunit.Abstractions;
using Ed25519 = EdgeSecurity.Firmware.Core.Crypto.Ed25519;

namespace EdgeSecurity.Firmware.Core.Tests.Crypto;

/// <summary>
/// The device-time estimate of docs/performance.md: operation counts of one verification and IL
/// instructions per operation, scaled by an assumed 2.5-5 M IL instructions/s on the device (docs/performance.md).
/// Counts, not timings: the assertions hold on any machine.
/// </summary>
public sealed class DeviceCostTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("Double", 0, 3, 1, 2, 3)]
    [InlineData("Add", 4, 0, 0, 4, 3)]
    [InlineData("Subtract", 4, 0, 0, 4, 3)]
    [InlineData("AddAffine", 3, 0, 0, 4, 3)]
    [InlineData("SubtractAffine", 3, 0, 0, 4, 3)]
    [InlineData("ToExtended", 4, 0, 0, 0, 0)]
    [InlineData("ToProjective", 3, 0, 0, 0, 0)]
    [Trait("Requirement", "SR-CRYPTO-007")]
    public void Point_operations_cost_the_documented_field_operations(string op, int multiplies, int squares, int doubledSquares, int adds, int subtracts)
    {
        IlInspector.Profile profile = IlInspector.Inspect(IlInspector.Method(typeof(EdwardsArithmetic), op));

        Assert.Equal(multiplies, profile.Calls.GetValueOrDefault("Field25519.Multiply"));
        Assert.Equal(squares, profile.Calls.GetValueOrDefault("Field25519.Square"));
        Assert.Equal(doubledSquares, profile.Calls.GetValueOrDefault("Field25519.SquareDouble"));
        Assert.Equal(adds, profile.Calls.GetValueOrDefault("Field25519.Add"));
        Assert.Equal(subtracts, profile.Calls.GetValueOrDefault("Field25519.Subtract"));
    }

    [Theory]
    [InlineData("Multiply")]
    [InlineData("Square")]
    [InlineData("SquareDouble")]
    [InlineData("Add")]
    [InlineData("Subtract")]
    [Trait("Requirement", "SR-CRYPTO-007")]
    public void Hot_field_operations_are_straight_line_code_without_calls_or_allocation(string op)
    {
        // Straight-line code is what makes "IL size = IL executed" and keeps the interpreter's per-call cost out of the hot path.
        IlInspector.Profile profile = IlInspector.Inspect(IlInspector.Method(typeof(Field25519), op));

        Assert.Empty(profile.Calls);
    }

    [Fact]
    [Trait("Requirement", "SR-CRYPTO-007")]
    public void One_verification_needs_about_3200_field_multiplications_and_squarings()
    {
        List<VerifyCostModel> models = [];
        Random random = new(1);
        for (int n = 0; n < 200; n++)
        {
            BouncyCastleOracle.Signed signed = BouncyCastleOracle.Sign(random, 256);
            byte[] k = System.Numerics.BigInteger.Remainder(
                FieldReference.FromLittleEndian(System.Security.Cryptography.SHA512.HashData([.. signed.Signature[..32], .. signed.PublicKey, .. signed.Message])),
                FieldReference.L).ToByteArray(isUnsigned: true, isBigEndian: false);
            byte[] challenge = new byte[32];
            Array.Copy(k, challenge, Math.Min(32, k.Length));
            models.Add(VerifyCostModel.ForSignature(signed.Signature, challenge));
        }

        double Mean(Func<VerifyCostModel, double> f) => models.Average(f);
        double multiplies = Mean(m => m.FieldCalls["Field25519.Multiply"]);
        double squares = Mean(m => m.FieldCalls["Field25519.Square"] + m.FieldCalls["Field25519.SquareDouble"]);
        double addSubs = Mean(m => m.FieldCalls["Field25519.Add"] + m.FieldCalls["Field25519.Subtract"] + m.FieldCalls["Field25519.Negate"]);
        int Il(string op) => IlInspector.Inspect(IlInspector.Method(typeof(Field25519), op["Field25519.".Length..])).Instructions;
        double fieldIl = Mean(m => m.FieldInstructions(op => Il(op) + CallOverhead(op)));
        double pointIl = Mean(m => m.PointOpInstructions + m.ExtraInstructions);
        double total = fieldIl + pointIl;

        output.WriteLine($"build: {BuildConfiguration()}");
        output.WriteLine($"point operations (mean of 200 signatures): {string.Join(", ", models[0].PointOps.Keys.Select(k => $"{k} {models.Average(m => m.PointOps[k]):F1}"))}");
        output.WriteLine($"field: {multiplies:F0} multiplications, {squares:F0} squarings, {addSubs:F0} additions/subtractions/negations");
        output.WriteLine($"IL per op: multiply {Il("Field25519.Multiply")}, square {Il("Field25519.Square")}, add {Il("Field25519.Add")}, subtract {Il("Field25519.Subtract")}");
        output.WriteLine($"IL executed: field {fieldIl:F0} + point/loop {pointIl:F0} = {total:F0}");
        output.WriteLine(string.Format(CultureInfo.InvariantCulture, "device estimate at 5 M IL/s: {0:F2} s, at 2.5 M IL/s: {1:F2} s", total / 5e6, total / 2.5e6));

        // Structure, not speed: 253 doublings and about 74 additions give roughly 1.1k multiplications and 1.5k squarings
        // in the loop, plus about 530 squarings for the root and the inversion.
        Assert.InRange(multiplies + squares, 2800, 3600);
        Assert.InRange(multiplies, 1200, 1900);
    }

    [Fact]
    [Trait("Requirement", "SR-CRYPTO-007")]
    public void Verification_allocates_one_small_workspace_and_nothing_per_loop_iteration()
    {
        // Per-iteration allocation would show as hundreds of KB (about 330 loop iterations and point operations).
        Rfc8032Vectors.Vector v = Rfc8032Vectors.Test1024;
        byte[] key = TestHex.Decode(v.PublicKey);
        byte[] message = TestHex.Decode(v.Message);
        byte[] signature = TestHex.Decode(v.Signature);
        Assert.True(Ed25519.Verify(key, message, signature));

        long before = GC.GetAllocatedBytesForCurrentThread();
        bool valid = Ed25519.Verify(key, message, signature);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(valid);
        Assert.InRange(allocated, 1, 8 * 1024);
        output.WriteLine($"allocated per verification: {allocated} bytes");
    }

    private static int CallOverhead(string op) => op switch
    {
        // Call site: load the three or two arguments and the call itself.
        "Field25519.Multiply" or "Field25519.Add" or "Field25519.Subtract" => 4,
        _ => 3,
    };

    private static string BuildConfiguration() =>
        typeof(Field25519).Assembly.GetCustomAttributes(typeof(System.Diagnostics.DebuggableAttribute), false).Length > 0
        && ((System.Diagnostics.DebuggableAttribute)typeof(Field25519).Assembly.GetCustomAttributes(typeof(System.Diagnostics.DebuggableAttribute), false)[0]).IsJITOptimizerDisabled
            ? "Debug (IL counts include debug nops; use -c Release for the device figure)"
            : "Release";
}
