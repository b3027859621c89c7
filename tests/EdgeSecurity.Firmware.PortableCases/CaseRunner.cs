using System;
using EdgeSecurity.Firmware.PortableCases.Cases;
using EdgeSecurity.Firmware.PortableCases.Support;

namespace EdgeSecurity.Firmware.PortableCases
{
    /// <summary>Every portable case, in a fixed order, and the one line each prints.</summary>
    public static class CaseRunner
    {
        /// <summary>The line after the last case; its absence means the run died (nanoCLR prints nothing for an uncaught exception).</summary>
        public const string EndSentinel = "CASES-END";

        public const string LinePrefix = "CASE ";

        public static PortableCase[] All()
        {
            return new PortableCase[]
            {
                new PortableCase("ed25519.rfc8032", Ed25519Cases.Rfc8032),
                new PortableCase("ed25519.bouncycastle", Ed25519Cases.BouncyCastle),
                new PortableCase("sha512", Sha512Cases.KnownAnswers),
                new PortableCase("hmac-sha256.reference", DigestCases.ManagedHmac),
                new PortableCase("digest.component", DigestCases.ComponentDigests),
                new PortableCase("trust-root.verify", TrustCases.TrustRoot),
                new PortableCase("manifest.verify", BundleCases.Manifest),
                new PortableCase("bundle.verify", BundleCases.Container),
                new PortableCase("boot.decisions", BootCases.Decisions),
                new PortableCase("journal.append-recover", JournalCases.AppendAndRecover),
                new PortableCase("events.codec-chain", EventCases.CodecAndChain),
                new PortableCase("attestation.challenge-answer", AttestationCases.ChallengeAndAnswer),
            };
        }

        /// <summary>Runs one case; an exception becomes part of the line (its type), never a silent stop.</summary>
        public static string Line(PortableCase item, VectorSet vectors)
        {
            string transcript;
            try
            {
                transcript = item.Body(vectors);
            }
            catch (Exception e)
            {
                transcript = "EXCEPTION " + e.GetType().FullName;
            }

            return LinePrefix + item.Name + " " + transcript;
        }
    }
}
