using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using EdgeSecurity.Firmware.Core.Journal;
using EdgeSecurity.Firmware.Core.Upload;
using EdgeSecurity.Platform.Crypto;

namespace EdgeSecurity.Firmware.Core.Tests.Upload;

/// <summary>
/// The completeness statement's tag computed independently, with .NET's HMAC-SHA256 over the byte layout of
/// docs/formats/events.md ("Completeness statement"). The device's and the host's code share one
/// implementation, so a field left out of the MAC input would still agree with itself: only an independent
/// computation shows that the domain, covered-from, the count and every sequence are bound.
/// </summary>
public sealed class BatchCompletenessTests
{
    [Fact]
    [Trait("Requirement", "SR-EVT-HOST-011")]
    public void The_tag_is_the_documented_HMAC_over_domain_covered_from_count_and_every_sequence()
    {
        var key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
        long[] sequences = [7, 8, 10];
        var entries = sequences.Select(s => new JournalEntry(s, [1], new byte[32], new byte[32])).ToArray();

        var statement = BatchCompleteness.Create(new HmacSha256MacPrimitive(), key, 5, entries, entries.Length);

        var input = new List<byte>(Encoding.ASCII.GetBytes("ES-EVT-COMPLETE-V1"));
        input.AddRange(Int64(5));
        input.Add((byte)sequences.Length);
        foreach (var sequence in sequences)
        {
            input.AddRange(Int64(sequence));
        }

        Assert.Equal(5, statement.CoveredFrom);
        Assert.Equal(HMACSHA256.HashData(key, input.ToArray()), statement.Tag);
    }

    private static byte[] Int64(long value)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, value);
        return bytes;
    }
}
