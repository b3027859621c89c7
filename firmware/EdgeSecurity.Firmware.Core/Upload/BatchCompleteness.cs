using System;
using EdgeSecurity.Firmware.Core.Crypto;
using EdgeSecurity.Firmware.Core.Events;
using EdgeSecurity.Firmware.Core.Journal;
using EdgeSecurity.Firmware.Core.Platform;
using EdgeSecurity.Firmware.Core.Serialization;

namespace EdgeSecurity.Firmware.Core.Upload
{
    /// <summary>
    /// The device's signed word that a batch holds every record it still has from <see cref="CoveredFrom"/>
    /// to the batch's last entry (docs/formats/events.md §5). A record missing from that range is therefore
    /// gone for good (records never come back), so the host may acknowledge past the hole; without this
    /// word a hole usually means a batch lost in transit, and the host asks for it again instead.
    /// MACed with the device event key under its own domain, so neither a record MAC nor an ack can pass for it.
    /// </summary>
    public sealed class BatchCompleteness
    {
        public const int Bytes = 8 + EventChain.MacBytes;

        private static readonly byte[] Domain = Utf8Text.Encode("ES-EVT-COMPLETE-V1");

        public BatchCompleteness(long coveredFrom, byte[] tag)
        {
            if (coveredFrom < 1)
            {
                throw new ArgumentException("Covered-from is a sequence number, at least 1.");
            }

            EventChain.RequireMac(tag, "tag");
            CoveredFrom = coveredFrom;
            Tag = tag;
        }

        /// <summary>First sequence of the range the batch is complete for.</summary>
        public long CoveredFrom { get; private set; }

        public byte[] Tag { get; private set; }

        /// <summary>The device's statement for the first <paramref name="count"/> <paramref name="entries"/>.</summary>
        public static BatchCompleteness Create(IMacPrimitive mac, byte[] deviceEventKey, long coveredFrom, JournalEntry[] entries, int count)
        {
            if (mac == null || deviceEventKey == null || entries == null || count < 1 || count > entries.Length)
            {
                throw new ArgumentException("mac, key and at least one entry are required.");
            }

            var sequences = new long[count];
            for (int i = 0; i < count; i++)
            {
                sequences[i] = entries[i].Sequence;
            }

            return new BatchCompleteness(coveredFrom, Compute(mac, deviceEventKey, coveredFrom, sequences));
        }

        /// <summary>True when <paramref name="batch"/> carries a statement made with <paramref name="deviceEventKey"/>.</summary>
        public static bool Verifies(IMacPrimitive mac, byte[] deviceEventKey, EventBatch batch)
        {
            if (mac == null || deviceEventKey == null || batch == null)
            {
                throw new ArgumentNullException(mac == null ? "mac" : deviceEventKey == null ? "deviceEventKey" : "batch");
            }

            if (batch.Completeness == null)
            {
                return false;
            }

            var sequences = new long[batch.Entries.Length];
            for (int i = 0; i < sequences.Length; i++)
            {
                sequences[i] = batch.Entries[i].Record.Sequence;
            }

            return ConstantTime.AreEqual(batch.Completeness.Tag, Compute(mac, deviceEventKey, batch.Completeness.CoveredFrom, sequences));
        }

        private static byte[] Compute(IMacPrimitive mac, byte[] key, long coveredFrom, long[] sequences)
        {
            var writer = new ByteWriter(Domain.Length + 9 + (8 * sequences.Length));
            writer.WriteBytes(Domain);
            writer.WriteInt64(coveredFrom);
            writer.WriteByte(sequences.Length);
            for (int i = 0; i < sequences.Length; i++)
            {
                writer.WriteInt64(sequences[i]);
            }

            return mac.HmacSha256(key, writer.ToArray());
        }
    }
}
