using System;

namespace EdgeSecurity.Firmware.Core.Crypto
{
    /// <summary>
    /// Ed25519 signature verification (RFC 8032 section 5.1.7, pure Ed25519, no context), strict and
    /// cofactorless; see docs/crypto.md for the exact acceptance rules.
    /// </summary>
    public static class Ed25519
    {
        /// <summary>Length of an encoded public key.</summary>
        public const int PublicKeySize = 32;

        /// <summary>Length of a signature, R || S.</summary>
        public const int SignatureSize = 64;

        private static readonly byte[] NoPrefix = new byte[0];

        /// <summary>
        /// True when <paramref name="signature"/> is a valid signature of <paramref name="message"/> under
        /// <paramref name="publicKey"/>. Returns false, never throws, for wrong lengths and invalid encodings.
        /// </summary>
        /// <exception cref="ArgumentNullException">An argument is null.</exception>
        public static bool Verify(byte[] publicKey, byte[] message, byte[] signature)
        {
            if (message == null)
            {
                throw new ArgumentNullException("message");
            }

            return Verify(publicKey, NoPrefix, message, signature);
        }

        /// <summary>
        /// As <see cref="Verify(byte[], byte[], byte[])"/> for the message prefix || message, without
        /// concatenating them (domain-separated signing, large manifests).
        /// </summary>
        /// <exception cref="ArgumentNullException">An argument is null.</exception>
        public static bool Verify(byte[] publicKey, byte[] prefix, byte[] message, byte[] signature)
        {
            if (publicKey == null)
            {
                throw new ArgumentNullException("publicKey");
            }

            if (prefix == null)
            {
                throw new ArgumentNullException("prefix");
            }

            if (message == null)
            {
                throw new ArgumentNullException("message");
            }

            if (signature == null)
            {
                throw new ArgumentNullException("signature");
            }

            if (publicKey.Length != PublicKeySize || signature.Length != SignatureSize)
            {
                return false;
            }

            // Cheap rejections first: non-canonical S, torsion points, non-canonical R (y >= p).
            if (!Scalar25519.IsCanonical(signature, PointEncoding.Size)
                || SmallOrderPoints.Contains(publicKey, 0)
                || SmallOrderPoints.Contains(signature, 0)
                || !PointEncoding.HasCanonicalY(signature, 0))
            {
                return false;
            }

            VerificationWorkspace w = new VerificationWorkspace();
            ExtendedPoint minusA = w.Key;
            if (!PointEncoding.TryDecode(minusA, publicKey, 0, w))
            {
                return false;
            }

            Field25519.Negate(minusA.X, minusA.X);
            Field25519.Negate(minusA.T, minusA.T);

            // k = SHA-512(R || A || prefix || message) mod L.
            Sha512 hash = w.Hash;
            hash.Update(signature, 0, PointEncoding.Size);
            hash.Update(publicKey, 0, PublicKeySize);
            hash.Update(prefix, 0, prefix.Length);
            hash.Update(message, 0, message.Length);
            Scalar25519.ReduceWide(w.Challenge, hash.Finish(), w.ScalarLimbs);

            // Cofactorless check: encode([S]B - [k]A) must equal the R bytes exactly.
            byte[] s = new byte[Scalar25519.Size];
            Array.Copy(signature, PointEncoding.Size, s, 0, Scalar25519.Size);
            DoubleScalarMultiplier.Multiply(w.Accumulator, s, w.Challenge, minusA, w);
            PointEncoding.Encode(w.Encoded, 0, w.Accumulator, w);
            return ConstantTime.AreEqual(w.Encoded, 0, signature, 0, PointEncoding.Size);
        }
    }
}
