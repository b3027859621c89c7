using System.Buffers.Binary;
using System.Diagnostics;
using EdgeSecurity.Firmware.Nano.Tests.Support;

namespace EdgeSecurity.Firmware.Nano.Tests;

/// <summary>scripts/nanoframework-bytecode.py: an assembly over nanoFramework's 64 KiB of byte code fails the stage.</summary>
public class BytecodeBudgetTests
{
    [Theory]
    [InlineData(65536, 0, "byte code 65536 of 65536 bytes (100 %)")]
    [InlineData(65537, 1, "OVER THE LIMIT")]
    [Trait("Requirement", "SR-PORT-005")]
    public void The_budget_reads_the_byte_code_table_from_the_pe_header(int byteCode, int expectedExit, string expectedText)
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("edgesec-bytecode-").FullName, "Probe.pe");
        try
        {
            File.WriteAllBytes(file, Header(byteCode));
            var (exitCode, output) = Run(file);
            Assert.Equal(expectedExit, exitCode);
            Assert.Contains(expectedText, output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
        }
    }

    [Fact]
    [Trait("Requirement", "SR-PORT-005")]
    public void A_file_that_is_not_a_pe_is_refused_by_name()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("edgesec-bytecode-").FullName, "NotAPe.pe");
        try
        {
            File.WriteAllBytes(file, new byte[200]);
            var (exitCode, output) = Run(file);
            Assert.NotEqual(0, exitCode);
            Assert.Contains("NotAPe.pe: not a nanoFramework .pe", output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
        }
    }

    /// <summary>A header whose byte code table (13) runs from 0x1000 for <paramref name="byteCode"/> bytes.</summary>
    private static byte[] Header(int byteCode)
    {
        var header = new byte[0x7C];
        "NFMRK1"u8.CopyTo(header);
        for (var table = 0; table < 16; table++)
        {
            var start = table <= 13 ? 0x1000 : 0x1000 + byteCode;
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(40 + (4 * table)), (uint)start);
        }

        return header;
    }

    private static (int ExitCode, string Output) Run(string file)
    {
        var start = new ProcessStartInfo("python3", [Repository.PathOf("scripts", "nanoframework-bytecode.py"), file])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("python3 did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(1)), "the budget script did not finish");
        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
