using EdgeSecurity.Firmware.Core.Attestation;
using EdgeSecurity.Firmware.Core.Serialization;
using EdgeSecurity.Firmware.PortableCases.Support;

namespace EdgeSecurity.Firmware.PortableCases.Cases
{
    /// <summary>
    /// Posture attestation (docs/formats/attestation.md): the challenge parser and the answer's bytes and MAC,
    /// which the host verifies with .NET's HMAC, so they must be the same on nanoCLR.
    /// </summary>
    public static class AttestationCases
    {
        public static string ChallengeAndAnswer(VectorSet vectors)
        {
            Transcript transcript = new Transcript();
            ManagedHmacSha256 mac = new ManagedHmacSha256();
            byte[] key = vectors.Bytes("event.key");
            byte[] nonce = new byte[AttestationChallengeCodec.NonceBytes];
            for (int i = 0; i < nonce.Length; i++)
            {
                nonce[i] = (byte)(0xA0 + i);
            }

            byte[] challenge = AttestationChallengeCodec.Encode(nonce);
            transcript.Check("challenge", Transcript.SameBytes(AttestationChallengeCodec.Decode(challenge), nonce));
            transcript.Add("bad-command:" + Rejection(CaseKit.Flipped(challenge, 1)));

            AttestationEvidence evidence = new AttestationEvidence();
            evidence.BootCount = 7;
            evidence.BootMode = 1;
            evidence.RunningSlot = 2;
            evidence.IsTrial = true;
            evidence.BundleDigest = Filled(AttestationEvidence.BundleDigestBytes, 0x10);
            evidence.BundleCounter = 5;
            evidence.ConfirmedCounter = 4;
            evidence.Containment = 1;
            evidence.IntegrityResult = 2;
            evidence.IntegrityCheckedAtUptimeMs = 1234;
            evidence.JournalHeadSequence = (1L << 40) + 17;
            evidence.JournalHeadMac = Filled(AttestationEvidence.HeadMacBytes, 0x40);
            evidence.UptimeMs = 98765;
            byte[] answer = AttestationAnswerCodec.Encode(mac, key, new AttestationAnswer(nonce, "sensor-0001", 1, evidence));
            transcript.Add("answer:" + answer.Length + "B," + Transcript.ShortDigest(answer) + ",mac" + Hex.Encode(answer, answer.Length - 32, 8));
            AttestationAnswer decoded = AttestationAnswerCodec.Decode(answer);
            transcript.Check("decoded", decoded.KeyEpoch == 1 && decoded.Evidence.JournalHeadSequence == evidence.JournalHeadSequence
                && Transcript.SameBytes(AttestationAnswerCodec.Encode(mac, key, decoded), answer));
            transcript.Check("authentic", AttestationAnswerCodec.IsAuthentic(mac, key, answer));
            transcript.Check("forged", !AttestationAnswerCodec.IsAuthentic(mac, key, CaseKit.Flipped(answer, 40)));
            return transcript.ToString();
        }

        private static string Rejection(byte[] challenge)
        {
            try
            {
                AttestationChallengeCodec.Decode(challenge);
                return "accepted";
            }
            catch (MalformedDataException e)
            {
                return "error" + (int)e.Reason;
            }
        }

        private static byte[] Filled(int length, int start)
        {
            byte[] bytes = new byte[length];
            for (int i = 0; i < length; i++)
            {
                bytes[i] = (byte)(start + i);
            }

            return bytes;
        }
    }
}
