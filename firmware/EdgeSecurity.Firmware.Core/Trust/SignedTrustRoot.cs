using EdgeSecurity.Firmware.Core.Serialization;

namespace EdgeSecurity.Firmware.Core.Trust
{
    /// <summary>A trust root with its signatures: magic "ESSR", then the signed envelope (docs/formats/trust-root.md).</summary>
    public sealed class SignedTrustRoot
    {
        private static readonly byte[] Magic = new byte[] { 0x45, 0x53, 0x53, 0x52 }; // "ESSR"

        private SignedTrustRoot(TrustRoot root, SignedEnvelope envelope)
        {
            Root = root;
            Envelope = envelope;
        }

        /// <summary>Upper bound of the encoded size.</summary>
        public static int MaxEncodedLength
        {
            get { return SignedEnvelope.MaxEncodedLength(TrustRoot.MaxEncodedLength); }
        }

        /// <summary>The parsed trust root. Not trustworthy until <see cref="TrustRootVerifier"/> accepted it.</summary>
        public TrustRoot Root { get; }

        public SignedEnvelope Envelope { get; }

        /// <summary>Pairs encoded trust-root bytes (which must parse) with signatures over them.</summary>
        public static SignedTrustRoot Create(byte[] trustRootBytes, SignatureEntry[] signatures)
        {
            SignedEnvelope envelope = SignedEnvelope.Create(trustRootBytes, TrustRoot.MaxEncodedLength, signatures, "signedTrustRoot");
            return new SignedTrustRoot(TrustRoot.Parse(envelope.Payload), envelope);
        }

        /// <summary>Parses the encoded signed trust root; throws only <see cref="MalformedDataException"/>.</summary>
        public static SignedTrustRoot Parse(byte[] data)
        {
            if (data == null)
            {
                throw new MalformedDataException(MalformedReason.Truncated, "signedTrustRoot", "no data");
            }

            SignedEnvelope envelope = SignedEnvelope.ReadExactly(data, 0, data.Length, Magic, TrustRoot.MaxEncodedLength, "signedTrustRoot");
            return new SignedTrustRoot(TrustRoot.Parse(envelope.Payload), envelope);
        }

        public byte[] ToBytes()
        {
            return Envelope.ToBytes(Magic);
        }
    }
}
