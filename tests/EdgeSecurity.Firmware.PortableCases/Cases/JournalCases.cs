using EdgeSecurity.Firmware.Core.Crypto;
using EdgeSecurity.Firmware.Core.Events;
using EdgeSecurity.Firmware.Core.Journal;
using EdgeSecurity.Firmware.PortableCases.Support;

namespace EdgeSecurity.Firmware.PortableCases.Cases
{
    /// <summary>The event journal on an in-memory flash: appends across segments, acknowledgement, reopening, a torn tail.</summary>
    public static class JournalCases
    {
        private const string JournalDirectory = "evt/";

        public static string AppendAndRecover(VectorSet vectors)
        {
            Transcript transcript = new Transcript();
            InMemoryFlash flash = new InMemoryFlash(1024 * 1024);
            ManagedHmacSha256 mac = new ManagedHmacSha256();
            byte[] key = vectors.Bytes("event.key");

            EventJournal journal = Open(transcript, "fresh", flash);
            int accepted = 0;
            for (int n = 0; n < 40; n++)
            {
                accepted += Append(journal, mac, key, n) ? 1 : 0;
            }

            transcript.Add("appended" + accepted + ",head" + journal.HeadSequence + ",records" + journal.RecordCount + ",used" + journal.UsedBytes);
            transcript.Add("ack10:" + journal.Acknowledge(10) + ",unacked" + journal.CountUnacknowledged());

            journal = Open(transcript, "reopened", flash);
            transcript.Add("entries:" + Entries(journal));

            // Power lost in the middle of the last frame: the newest segment loses its last 3 bytes.
            string[] segments = flash.List(JournalDirectory);
            // Segment names carry a fixed-width hex number and InMemoryFlash lists in ordinal order: the last is the newest.
            string newest = null;
            for (int i = 0; i < segments.Length; i++)
            {
                if (segments[i].StartsWith(JournalDirectory + "seg-") && segments[i].EndsWith(".bin"))
                {
                    newest = segments[i];
                }
            }

            transcript.Add("files" + segments.Length);
            flash.SetLength(newest, flash.GetLength(newest) - 3);
            journal = Open(transcript, "torn", flash);
            transcript.Add("entries:" + Entries(journal));
            transcript.Add("append-after-repair:" + Append(journal, mac, key, 99) + ",head" + journal.HeadSequence);
            return transcript.ToString();
        }

        private static EventJournal Open(Transcript transcript, string label, InMemoryFlash flash)
        {
            JournalOptions options = new JournalOptions();
            options.CapacityBytes = 8 * 1024;
            options.SegmentBytes = 2048;
            options.SequenceBlock = 8;
            EventJournal journal = new EventJournal(flash, options);
            JournalRecovery recovery = journal.Open();
            transcript.Add(label + ":truncated" + recovery.TruncatedBytes + ",removed" + recovery.RemovedSegments + ",lost" + (recovery.SequenceStateLost ? 1 : 0)
                + ",tamper" + (recovery.TamperingFound ? 1 : 0) + ",head" + journal.HeadSequence + ",records" + journal.RecordCount
                + ",acked" + journal.AcknowledgedThrough + ",dropped" + journal.DroppedTelemetryTotal + "/" + journal.DroppedSecurityTotal);
            return journal;
        }

        private static bool Append(EventJournal journal, ManagedHmacSha256 mac, byte[] key, int n)
        {
            long sequence = journal.NextSequence();
            EventRecord record = SampleEvents.Record(sequence, n);
            byte[] bytes = EventRecordCodec.Encode(record);
            byte[] chained = EventChain.ComputeMac(mac, key, journal.HeadMac, bytes);
            return journal.Append(sequence, record.Priority, bytes, chained, false);
        }

        /// <summary>Sequences still held after the acknowledged one, and a digest of their records and MACs.</summary>
        private static string Entries(EventJournal journal)
        {
            JournalEntry[] entries = journal.ReadAfter(journal.AcknowledgedThrough, 100);
            Sha512 digest = new Sha512();
            string sequences = string.Empty;
            for (int i = 0; i < entries.Length; i++)
            {
                sequences += (i == 0 ? string.Empty : ",") + entries[i].Sequence;
                digest.Update(entries[i].Record, 0, entries[i].Record.Length);
                digest.Update(entries[i].Mac, 0, entries[i].Mac.Length);
                digest.Update(entries[i].PreviousMac, 0, entries[i].PreviousMac.Length);
            }

            return entries.Length + "[" + sequences + "]" + Hex.Encode(digest.Finish(), 0, 8);
        }
    }
}
