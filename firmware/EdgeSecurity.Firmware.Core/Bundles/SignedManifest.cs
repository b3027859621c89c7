using EdgeSecurity.Firmware.Core.Serialization;
using EdgeSecurity.Firmware.Core.Trust;

namespace EdgeSecurity.Firmware.Core.Bundles
{
    /// <summary>A manifest with its signatures: magic "ESSM", then the signed envelope (docs/formats/manifest.md).</summary>
    public sealed class SignedManifest
    {
        private static readonly byte[] Magic = new byte[] { 0x45, 0x53, 0x53, 0x4D }; // "ESSM"

        private SignedManifest(Manifest manifest, SignedEnvelope envelope)
        {
            Manifest = manifest;
            Envelope = envelope;
        }

        /// <summary>Upper bound of the encoded size.</summary>
        public static int MaxEncodedLength
        {
            get { return SignedEnvelope.MaxEncodedLength(Manifest.MaxEncodedLength); }
        }

        /// <summary>The parsed manifest. Not trustworthy until <see cref="BundleVerifier.VerifyManifest"/> accepted it.</summary>
        public Manifest Manifest { get; }

        public SignedEnvelope Envelope { get; }

        /// <summary>Pairs encoded manifest bytes (which must parse) with signatures over them.</summary>
        public static SignedManifest Create(byte[] manifestBytes, SignatureEntry[] signatures)
        {
            SignedEnvelope envelope = SignedEnvelope.Create(manifestBytes, Manifest.MaxEncodedLength, signatures, "signedManifest");
            return new SignedManifest(Manifest.Parse(envelope.Payload), envelope);
        }

        /// <summary>Parses an encoded signed manifest; throws only <see cref="MalformedDataException"/>.</summary>
        public static SignedManifest Parse(byte[] data)
        {
            if (data == null)
            {
                throw new MalformedDataException(MalformedReason.Truncated, "signedManifest", "no data");
            }

            return Parse(data, 0, data.Length);
        }

        /// <summary>Parses <paramref name="count"/> bytes at <paramref name="offset"/>; they must hold exactly one signed manifest.</summary>
        public static SignedManifest Parse(byte[] data, int offset, int count)
        {
            SignedEnvelope envelope = SignedEnvelope.ReadExactly(data, offset, count, Magic, Manifest.MaxEncodedLength, "signedManifest");
            return new SignedManifest(Manifest.Parse(envelope.Payload), envelope);
        }

        public byte[] ToBytes()
        {
            return Envelope.ToBytes(Magic);
        }
    }
}
