using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using EdgeSecurity.Firmware.Core.Events;
using EdgeSecurity.Firmware.Core.Journal;
using EdgeSecurity.Firmware.Core.Tests.Events.Support;
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

    [Fact]
    public void A_statement_outside_the_format_cannot_be_built()
    {
        Assert.Contains("at least 1", Assert.Throws<ArgumentException>(() => new BatchCompleteness(0, new byte[32])).Message, StringComparison.Ordinal);
        Assert.StartsWith("tag must be 32 bytes", Assert.Throws<ArgumentException>(() => new BatchCompleteness(1, new byte[31])).Message, StringComparison.Ordinal);
        Assert.StartsWith("tag must be 32 bytes", Assert.Throws<ArgumentException>(() => new BatchCompleteness(1, null!)).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("mac")]
    [InlineData("key")]
    [InlineData("entries")]
    [InlineData("no entry")]
    [InlineData("more than given")]
    public void A_statement_without_its_key_or_entries_is_refused(string missing)
    {
        var key = new byte[32];
        var entries = new[] { new JournalEntry(1, [1], new byte[32], new byte[32]) };

        var error = Assert.Throws<ArgumentException>(() => BatchCompleteness.Create(
            missing == "mac" ? null! : new HmacSha256MacPrimitive(),
            missing == "key" ? null! : key,
            1,
            missing == "entries" ? null! : entries,
            missing == "no entry" ? 0 : missing == "more than given" ? 2 : 1));

        Assert.Contains("at least one entry are required", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("mac")]
    [InlineData("deviceEventKey")]
    [InlineData("batch")]
    public void Verifying_without_a_key_or_batch_names_what_is_missing(string missing)
    {
        var error = Assert.Throws<ArgumentNullException>(() => BatchCompleteness.Verifies(
            missing == "mac" ? null! : new HmacSha256MacPrimitive(),
            missing == "deviceEventKey" ? null! : new byte[32],
            missing == "batch" ? null! : EventBatchCodec.Decode(EventBatchCodec.Encode(1, [Entry()], 1))));

        Assert.Equal(missing, error.ParamName);
    }

    private static JournalEntry Entry() =>
        new(1, EventRecordCodec.Encode(Records.Sample(1)), new byte[32], new byte[32]);

    private static byte[] Int64(long value)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, value);
        return bytes;
    }
}
