using EdgeSecurity.Firmware.Nano.Tests.Support;
using EdgeSecurity.Firmware.PortableCases;
using EdgeSecurity.Firmware.PortableCases.Support;
using EdgeSecurity.Firmware.PortableVectors;

namespace EdgeSecurity.Firmware.Nano.Tests;

/// <summary>
/// The portable cases on .NET, and their comparison with the same cases run on the real nanoCLR by the
/// nanoFramework stage, over the same vectors (generated for that run).
/// </summary>
public class PortableCaseTests
{
    public static TheoryData<string> CaseNames()
    {
        TheoryData<string> names = [];
        foreach (var item in CaseRunner.All())
        {
            names.Add(item.Name);
        }

        return names;
    }

    [NanoTheory]
    [MemberData(nameof(CaseNames))]
    [Trait("Requirement", "SR-PORT-007")]
    public void Case_gives_the_same_line_on_nanoCLR_as_on_dotnet(string name)
    {
        var stage = NanoStage.Current;
        stage.AssertStepPassed("cases-run");
        var vectors = VectorSet.Parse(File.ReadAllText(stage.PathOf("vectors/" + VectorFiles.TextFileName)));
        var onDotnet = CaseRunner.Line(CaseRunner.All().Single(c => c.Name == name), vectors);

        var onNano = NanoLines(stage).Where(l => l.StartsWith(CaseRunner.LinePrefix + name + " ", StringComparison.Ordinal)).ToArray();

        Assert.Single(onNano);
        Assert.Equal(onDotnet, onNano[0]);
    }

    [NanoFact]
    [Trait("Requirement", "SR-PORT-007")]
    public void NanoCLR_ran_every_case_once_in_order_and_reached_the_end()
    {
        var stage = NanoStage.Current;
        stage.AssertStepPassed("cases-run");
        var lines = NanoLines(stage);

        Assert.Equal(CaseRunner.EndSentinel, lines[^1]);
        Assert.Equal(
            CaseRunner.All().Select(c => c.Name),
            lines.Where(l => l.StartsWith(CaseRunner.LinePrefix, StringComparison.Ordinal)).Select(l => l.Split(' ')[1]));
        Assert.DoesNotContain(lines, l => l.Contains("MISMATCH", StringComparison.Ordinal) || l.Contains("EXCEPTION", StringComparison.Ordinal));
    }

    /// <summary>Runs everywhere (no toolchain needed): each case's own checks against independent answers hold on .NET.</summary>
    [Fact]
    [Trait("Requirement", "SR-PORT-008")]
    public void Every_case_agrees_with_its_independent_answers_on_dotnet()
    {
        var vectors = VectorSet.Parse(string.Join('\n', VectorGenerator.Generate(DateTimeOffset.UtcNow.ToUnixTimeSeconds())));
        var lines = CaseRunner.All().Select(c => CaseRunner.Line(c, vectors)).ToArray();

        Assert.All(lines, l => Assert.DoesNotContain("MISMATCH", l, StringComparison.Ordinal));
        Assert.All(lines, l => Assert.DoesNotContain("EXCEPTION", l, StringComparison.Ordinal));

        // BouncyCastle's own verdicts: of 8 genuine signatures and 16 altered ones, exactly the 8 verify.
        Assert.Contains("vectors=24 accepted=8 agree-with-bouncycastle:ok", lines.Single(l => l.Contains("ed25519.bouncycastle", StringComparison.Ordinal)), StringComparison.Ordinal);
        var bundle = lines.Single(l => l.Contains("bundle.verify", StringComparison.Ordinal));
        Assert.Contains("intact:valid", bundle, StringComparison.Ordinal);
        Assert.Contains("last-byte-changed:fail", bundle, StringComparison.Ordinal);
        var manifest = lines.Single(l => l.Contains("manifest.verify", StringComparison.Ordinal));
        Assert.Contains("threshold:valid", manifest, StringComparison.Ordinal);
        Assert.Contains("one-signer:fail", manifest, StringComparison.Ordinal);
    }

    /// <summary>The line-by-line comparison is worth something only if a changed vector changes the lines.</summary>
    [Fact]
    [Trait("Requirement", "SR-PORT-007")]
    public void Different_vectors_give_different_lines()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var first = VectorSet.Parse(string.Join('\n', VectorGenerator.Generate(now)));
        var second = VectorSet.Parse(string.Join('\n', VectorGenerator.Generate(now)));
        string[] sensitive = ["digest.component", "journal.append-recover", "events.codec-chain", "attestation.challenge-answer"];
        foreach (var name in sensitive)
        {
            var item = CaseRunner.All().Single(c => c.Name == name);
            Assert.NotEqual(CaseRunner.Line(item, first), CaseRunner.Line(item, second));
        }
    }

    /// <summary>The attestation answer nanoCLR computed is byte for byte the one .NET computes, whose MAC .NET's own HMAC confirms.</summary>
    [NanoFact]
    [Trait("Requirement", "SR-ATT-012")]
    public void The_attestation_answer_is_the_same_on_nanoCLR_as_on_dotnet()
    {
        var stage = NanoStage.Current;
        stage.AssertStepPassed("cases-run");
        var vectors = VectorSet.Parse(File.ReadAllText(stage.PathOf("vectors/" + VectorFiles.TextFileName)));
        string expected = CaseRunner.Line(CaseRunner.All().Single(c => c.Name == "attestation.challenge-answer"), vectors);

        Assert.Contains(expected, NanoLines(stage));
        Assert.Contains("mac" + IndependentAnswerMacPrefix(vectors.Bytes("event.key")), expected, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Requirement", "SR-ATT-012")]
    public void The_attestation_case_mac_is_the_one_dotnet_hmac_computes()
    {
        var vectors = VectorSet.Parse(string.Join('\n', VectorGenerator.Generate(DateTimeOffset.UtcNow.ToUnixTimeSeconds())));

        string line = CaseRunner.Line(CaseRunner.All().Single(c => c.Name == "attestation.challenge-answer"), vectors);

        Assert.Contains("mac" + IndependentAnswerMacPrefix(vectors.Bytes("event.key")), line, StringComparison.Ordinal);
        Assert.Contains("authentic:ok", line, StringComparison.Ordinal);
        Assert.Contains("forged:ok", line, StringComparison.Ordinal);
    }

    // The case's answer rebuilt from the documented layout (docs/formats/attestation.md) and MACed with .NET's HMAC.
    private static string IndependentAnswerMacPrefix(byte[] key)
    {
        var body = new List<byte> { 1, 1 };
        body.AddRange(Enumerable.Range(0xA0, 16).Select(i => (byte)i));
        body.AddRange([1, 0, 11]);
        body.AddRange("sensor-0001"u8.ToArray());
        body.AddRange(BitConverter.GetBytes(7u));
        body.AddRange([1, 2, 1]);
        body.AddRange(Enumerable.Range(0x10, 16).Select(i => (byte)i));
        body.AddRange(BitConverter.GetBytes(5L));
        body.AddRange(BitConverter.GetBytes(4L));
        body.AddRange([1, 2]);
        body.AddRange(BitConverter.GetBytes(1234L));
        body.AddRange(BitConverter.GetBytes((1L << 40) + 17));
        body.AddRange(Enumerable.Range(0x40, 32).Select(i => (byte)i));
        body.AddRange(BitConverter.GetBytes(98765L));
        byte[] mac = System.Security.Cryptography.HMACSHA256.HashData(key, "ES-ATT-V1 posture attestation answer MAC"u8.ToArray().Concat(body).ToArray());
        return Convert.ToHexStringLower(mac, 0, 8);
    }

    private static string[] NanoLines(NanoStage stage) =>
        File.ReadAllText(stage.PathOf("nanoclr-cases.txt")).Replace("\r", string.Empty, StringComparison.Ordinal)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
