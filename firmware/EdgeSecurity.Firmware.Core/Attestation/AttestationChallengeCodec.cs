using EdgeSecurity.Firmware.Core.Serialization;

namespace EdgeSecurity.Firmware.Core.Attestation
{
    /// <summary>
    /// The host's challenge on the command leaf (docs/formats/attestation.md §1): command format version,
    /// command type, and a 16-byte nonce the host chose at random. Not MACed: only the host may write the
    /// command leaf (broker ACL), and the answer's MAC covers the nonce, so a challenge gains nothing by being
    /// forged but an answer nobody awaits.
    /// </summary>
    public static class AttestationChallengeCodec
    {
        public const int CommandFormatVersion = 1;

        /// <summary>The command type of an attestation challenge on the command leaf.</summary>
        public const int ChallengeCommand = 1;

        public const int NonceBytes = 16;

        public const int MessageBytes = 2 + NonceBytes;

        private const string Field = "attestation.challenge";

        public static byte[] Encode(byte[] nonce)
        {
            if (nonce == null || nonce.Length != NonceBytes)
            {
                throw new System.ArgumentException("The nonce is " + NonceBytes.ToString() + " bytes.", "nonce");
            }

            ByteWriter writer = new ByteWriter(MessageBytes);
            writer.WriteByte(CommandFormatVersion);
            writer.WriteByte(ChallengeCommand);
            writer.WriteBytes(nonce);
            return writer.ToArray();
        }

        /// <summary>The nonce of a challenge; anything else is a <see cref="MalformedDataException"/> naming the problem.</summary>
        public static byte[] Decode(byte[] message)
        {
            if (message == null)
            {
                throw new System.ArgumentNullException("message");
            }

            ByteReader reader = new ByteReader(message);
            reader.ReadByteInRange(Field + ".version", CommandFormatVersion, CommandFormatVersion, MalformedReason.UnsupportedVersion);
            reader.ReadByteInRange(Field + ".command", ChallengeCommand, ChallengeCommand, MalformedReason.ValueOutOfRange);
            byte[] nonce = reader.ReadBytes(NonceBytes, Field + ".nonce");
            reader.ExpectEnd(Field);
            return nonce;
        }
    }
}
