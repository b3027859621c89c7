#if BENCH
using System;
using EdgeSecurity.Firmware.Core.Bundles;
using EdgeSecurity.Firmware.Core.Crypto;
using EdgeSecurity.Firmware.Core.Events;
using EdgeSecurity.Firmware.Core.Journal;
using EdgeSecurity.Firmware.Core.Trust;
using EdgeSecurity.Firmware.PortableCases.Support;

namespace EdgeSecurity.Firmware.NanoRunner
{
    /// <summary>
    /// Timings on the interpreter, read by bench/nanoframework/measure.py: each measurement prints
    /// <c>BENCH-START name|iterations|units</c> before its loop and <c>BENCH-END name|wall-ticks</c> after it;
    /// the script samples the process's CPU time at each line (wall time is inflated on a shared machine).
    /// The per-function lines (field and point operations) show where one verification spends its time.
    /// </summary>
    internal static class Bench
    {
        private delegate void Operation();

        public static void Run(VectorSet vectors)
        {
            byte[] publicKey = Hex.Decode(EdgeSecurity.Firmware.PortableCases.Vectors.Rfc8032Vectors.Test3.PublicKey);
            byte[] message = Hex.Decode(EdgeSecurity.Firmware.PortableCases.Vectors.Rfc8032Vectors.Test3.Message);
            byte[] signature = Hex.Decode(EdgeSecurity.Firmware.PortableCases.Vectors.Rfc8032Vectors.Test3.Signature);
            Time("ed25519.verify.rfc8032-test3", 60, delegate { Require(Ed25519.Verify(publicKey, message, signature)); });

            // The boot's signature check: the signed manifest of a 256 KiB bundle, threshold 2.
            byte[] large = vectors.Bytes("bundle.large.manifest");
            TrustRoot root = SignedTrustRoot.Parse(vectors.Bytes("trust.root")).Root;
            BundleVerifier verifier = CaseKit.BundleVerifier();
            long now = CaseKit.Now(vectors);
            Console.WriteLine("INFO signed-manifest-bytes|" + large.Length);
            Time("manifest.parse.256KiB-bundle", 3000, delegate { SignedManifest.Parse(large); });
            SignedManifest signed = SignedManifest.Parse(large);
            Time("manifest.verify-threshold-2.256KiB-bundle", 20, delegate { Require(verifier.VerifyManifest(signed, root, CaseKit.HardwareClass, 0, now).IsValid); });

            byte[] data = new byte[128 * 256];
            Time("sha512.block", 30, delegate { Sha512.Hash(data); }, 256);

            Functions();
            Journal(vectors);
        }

        /// <summary>The operations one verification is made of (counts per verification: docs/performance.md).</summary>
        private static void Functions()
        {
            int[] f = Field25519.Create();
            int[] g = Field25519.Create();
            int[] h = Field25519.Create();
            for (int i = 0; i < 10; i++)
            {
                f[i] = 12345 + (i * 7919);
                g[i] = 54321 - (i * 104729 % 30000);
            }

            Time("field.multiply", 200000, delegate { Field25519.Multiply(h, f, g); });
            Time("field.square", 200000, delegate { Field25519.Square(h, f); });
            Time("field.add", 200000, delegate { Field25519.Add(h, f, g); });
            Time("loop-and-delegate-call", 200000, delegate { });

            VerificationWorkspace w = new VerificationWorkspace();
            byte[] basePoint = new byte[32];
            basePoint[0] = 0x58;
            for (int i = 1; i < 32; i++)
            {
                basePoint[i] = 0x66;
            }

            Require(PointEncoding.TryDecode(w.Key, basePoint, 0, w));
            ExtendedPoint extended = new ExtendedPoint();
            CachedPoint cached = new CachedPoint();
            EdwardsArithmetic.ToCached(cached, w.Key);
            Time("point.double", 40000, delegate { EdwardsArithmetic.Double(w.Completed, w.Key, w.T0); });
            Time("point.add-cached", 30000, delegate { EdwardsArithmetic.Add(w.Completed, w.Key, cached, w.T0); });
            Time("point.to-extended", 30000, delegate { EdwardsArithmetic.ToExtended(extended, w.Completed); });
            Time("point.decode-with-square-root", 500, delegate { Require(PointEncoding.TryDecode(extended, basePoint, 0, w)); });
            Time("point.encode-with-inversion", 500, delegate { PointEncoding.Encode(w.Encoded, 0, w.Key, w); });

            byte[] s = new byte[32];
            byte[] k = new byte[32];
            for (int i = 0; i < 31; i++)
            {
                s[i] = (byte)(i * 37 + 11);
                k[i] = (byte)(i * 53 + 5);
            }

            Time("double-scalar-multiply", 50, delegate { DoubleScalarMultiplier.Multiply(w.Accumulator, s, k, w.Key, w); });
            byte[] wide = new byte[64];
            Time("scalar.reduce-wide", 5000, delegate { Scalar25519.ReduceWide(w.Challenge, wide, w.ScalarLimbs); });
            Time("verification-workspace.new", 20000, delegate { new VerificationWorkspace(); });
        }

        /// <summary>Appends with records and chained MACs made beforehand, so only the journal's work is timed.</summary>
        private static void Journal(VectorSet vectors)
        {
            const int Count = 2000;
            ManagedHmacSha256 mac = new ManagedHmacSha256();
            byte[] key = vectors.Bytes("event.key");
            byte[][] records = new byte[Count][];
            byte[][] macs = new byte[Count][];
            EventPriority[] priorities = new EventPriority[Count];
            byte[] previous = EventChain.Genesis();
            for (int n = 0; n < Count; n++)
            {
                EventRecord record = SampleEvents.Record(n + 1, n);
                records[n] = EventRecordCodec.Encode(record);
                macs[n] = EventChain.ComputeMac(mac, key, previous, records[n]);
                priorities[n] = record.Priority;
                previous = macs[n];
            }

            InMemoryFlash flash = new InMemoryFlash(4 * 1024 * 1024);
            JournalOptions options = new JournalOptions();
            options.CapacityBytes = 1024 * 1024;
            EventJournal journal = new EventJournal(flash, options);
            journal.Open();
            int next = 0;
            Time("journal.append", Count, delegate
            {
                long sequence = journal.NextSequence();
                Require(sequence == next + 1 && journal.Append(sequence, priorities[next], records[next], macs[next], false));
                next++;
            }, 1, false);

            EventRecord sample = SampleEvents.Record(1, 7);
            Time("event.encode", 5000, delegate { EventRecordCodec.Encode(sample); });
        }

        private static void Time(string name, int iterations, Operation operation)
        {
            Time(name, iterations, operation, 1, true);
        }

        private static void Time(string name, int iterations, Operation operation, int unitsPerCall)
        {
            Time(name, iterations, operation, unitsPerCall, true);
        }

        /// <summary>
        /// Times <paramref name="iterations"/> calls (after one warm-up call when <paramref name="warmUp"/>);
        /// <paramref name="unitsPerCall"/> divides the per-operation figure (e.g. blocks per hash).
        /// </summary>
        private static void Time(string name, int iterations, Operation operation, int unitsPerCall, bool warmUp)
        {
            if (warmUp)
            {
                operation();
            }

            Console.WriteLine("BENCH-START " + name + "|" + iterations + "|" + unitsPerCall);
            long start = DateTime.UtcNow.Ticks;
            for (int i = 0; i < iterations; i++)
            {
                operation();
            }

            Console.WriteLine("BENCH-END " + name + "|" + (DateTime.UtcNow.Ticks - start));
        }

        private static void Require(bool condition)
        {
            if (!condition)
            {
                throw new InvalidOperationException("benchmark precondition failed");
            }
        }
    }
}
#endif
