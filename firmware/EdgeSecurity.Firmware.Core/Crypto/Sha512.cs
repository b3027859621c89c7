using System;

namespace EdgeSecurity.Firmware.Core.Crypto
{
    /// <summary>
    /// SHA-512 (FIPS 180-4), managed and streaming. nanoFramework has no SHA-512 (only one-shot native
    /// HMACs), and Ed25519 needs it over R || A || message; feed it small inputs on the device
    /// (docs/crypto.md), large data goes through the native HMAC digest.
    /// </summary>
    /// <remarks>Not thread-safe. <see cref="Finish"/> returns the digest and resets the instance for reuse.</remarks>
    public sealed class Sha512
    {
        /// <summary>Digest length in bytes.</summary>
        public const int HashSize = 64;

        private const int BlockSize = 128;

        // Round constants: the first 64 bits of the fractional parts of the cube roots of the first 80 primes.
        private static readonly ulong[] RoundConstants =
        {
            0x428A2F98D728AE22UL, 0x7137449123EF65CDUL, 0xB5C0FBCFEC4D3B2FUL, 0xE9B5DBA58189DBBCUL,
            0x3956C25BF348B538UL, 0x59F111F1B605D019UL, 0x923F82A4AF194F9BUL, 0xAB1C5ED5DA6D8118UL,
            0xD807AA98A3030242UL, 0x12835B0145706FBEUL, 0x243185BE4EE4B28CUL, 0x550C7DC3D5FFB4E2UL,
            0x72BE5D74F27B896FUL, 0x80DEB1FE3B1696B1UL, 0x9BDC06A725C71235UL, 0xC19BF174CF692694UL,
            0xE49B69C19EF14AD2UL, 0xEFBE4786384F25E3UL, 0x0FC19DC68B8CD5B5UL, 0x240CA1CC77AC9C65UL,
            0x2DE92C6F592B0275UL, 0x4A7484AA6EA6E483UL, 0x5CB0A9DCBD41FBD4UL, 0x76F988DA831153B5UL,
            0x983E5152EE66DFABUL, 0xA831C66D2DB43210UL, 0xB00327C898FB213FUL, 0xBF597FC7BEEF0EE4UL,
            0xC6E00BF33DA88FC2UL, 0xD5A79147930AA725UL, 0x06CA6351E003826FUL, 0x142929670A0E6E70UL,
            0x27B70A8546D22FFCUL, 0x2E1B21385C26C926UL, 0x4D2C6DFC5AC42AEDUL, 0x53380D139D95B3DFUL,
            0x650A73548BAF63DEUL, 0x766A0ABB3C77B2A8UL, 0x81C2C92E47EDAEE6UL, 0x92722C851482353BUL,
            0xA2BFE8A14CF10364UL, 0xA81A664BBC423001UL, 0xC24B8B70D0F89791UL, 0xC76C51A30654BE30UL,
            0xD192E819D6EF5218UL, 0xD69906245565A910UL, 0xF40E35855771202AUL, 0x106AA07032BBD1B8UL,
            0x19A4C116B8D2D0C8UL, 0x1E376C085141AB53UL, 0x2748774CDF8EEB99UL, 0x34B0BCB5E19B48A8UL,
            0x391C0CB3C5C95A63UL, 0x4ED8AA4AE3418ACBUL, 0x5B9CCA4F7763E373UL, 0x682E6FF3D6B2B8A3UL,
            0x748F82EE5DEFB2FCUL, 0x78A5636F43172F60UL, 0x84C87814A1F0AB72UL, 0x8CC702081A6439ECUL,
            0x90BEFFFA23631E28UL, 0xA4506CEBDE82BDE9UL, 0xBEF9A3F7B2C67915UL, 0xC67178F2E372532BUL,
            0xCA273ECEEA26619CUL, 0xD186B8C721C0C207UL, 0xEADA7DD6CDE0EB1EUL, 0xF57D4F7FEE6ED178UL,
            0x06F067AA72176FBAUL, 0x0A637DC5A2C898A6UL, 0x113F9804BEF90DAEUL, 0x1B710B35131C471BUL,
            0x28DB77F523047D84UL, 0x32CAAB7B40C72493UL, 0x3C9EBE0A15C9BEBCUL, 0x431D67C49C100D4CUL,
            0x4CC5D4BECB3E42B6UL, 0x597F299CFC657E2AUL, 0x5FCB6FAB3AD6FAECUL, 0x6C44198C4A475817UL,
        };

        // Initial hash value: the first 64 bits of the fractional parts of the square roots of the first 8 primes.
        private static readonly ulong[] InitialState =
        {
            0x6A09E667F3BCC908UL, 0xBB67AE8584CAA73BUL, 0x3C6EF372FE94F82BUL, 0xA54FF53A5F1D36F1UL,
            0x510E527FADE682D1UL, 0x9B05688C2B3E6C1FUL, 0x1F83D9ABFB41BD6BUL, 0x5BE0CD19137E2179UL,
        };

        private readonly ulong[] _state = new ulong[8];
        private readonly ulong[] _schedule = new ulong[80];
        private readonly byte[] _buffer = new byte[BlockSize];
        private int _buffered;

        // Message length in bytes; 2^64 bytes is far beyond any device input, so the high half of
        // FIPS 180-4's 128-bit bit length is always zero.
        private ulong _length;

        /// <summary>Starts a new hash.</summary>
        public Sha512()
        {
            Reset();
        }

        /// <summary>Discards any data fed so far and starts a new hash.</summary>
        public void Reset()
        {
            Array.Copy(InitialState, _state, 8);
            Array.Clear(_buffer, 0, BlockSize);
            _buffered = 0;
            _length = 0;
        }

        /// <summary>Feeds <paramref name="count"/> bytes of <paramref name="data"/> from <paramref name="offset"/>.</summary>
        /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException">The range lies outside <paramref name="data"/>.</exception>
        public void Update(byte[] data, int offset, int count)
        {
            if (data == null)
            {
                throw new ArgumentNullException("data");
            }

            if (offset < 0 || count < 0 || offset > data.Length - count)
            {
                throw new ArgumentOutOfRangeException("count", "offset and count must describe a range inside data");
            }

            _length += (ulong)count;
            if (_buffered > 0)
            {
                int take = BlockSize - _buffered;
                if (take > count)
                {
                    take = count;
                }

                Array.Copy(data, offset, _buffer, _buffered, take);
                _buffered += take;
                offset += take;
                count -= take;
                if (_buffered < BlockSize)
                {
                    return;
                }

                Compress(_buffer, 0);
                _buffered = 0;
            }

            while (count >= BlockSize)
            {
                Compress(data, offset);
                offset += BlockSize;
                count -= BlockSize;
            }

            if (count > 0)
            {
                Array.Copy(data, offset, _buffer, 0, count);
                _buffered = count;
            }
        }

        /// <summary>Pads, returns the 64-byte digest of everything fed since the last reset, and resets.</summary>
        public byte[] Finish()
        {
            ulong bitLength = _length << 3;
            _buffer[_buffered++] = 0x80;
            if (_buffered > BlockSize - 16)
            {
                Array.Clear(_buffer, _buffered, BlockSize - _buffered);
                Compress(_buffer, 0);
                _buffered = 0;
            }

            Array.Clear(_buffer, _buffered, BlockSize - _buffered);
            for (int i = 0; i < 8; i++)
            {
                _buffer[BlockSize - 1 - i] = (byte)(bitLength >> (8 * i));
            }

            Compress(_buffer, 0);

            byte[] digest = new byte[HashSize];
            for (int i = 0; i < 8; i++)
            {
                ulong word = _state[i];
                for (int j = 0; j < 8; j++)
                {
                    digest[(8 * i) + j] = (byte)(word >> (56 - (8 * j)));
                }
            }

            Reset();
            return digest;
        }

        /// <summary>SHA-512 of the whole array.</summary>
        /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
        public static byte[] Hash(byte[] data)
        {
            if (data == null)
            {
                throw new ArgumentNullException("data");
            }

            Sha512 sha = new Sha512();
            sha.Update(data, 0, data.Length);
            return sha.Finish();
        }

        private void Compress(byte[] block, int offset)
        {
            ulong[] w = _schedule;
            for (int t = 0; t < 16; t++)
            {
                int at = offset + (8 * t);
                w[t] = ((ulong)block[at] << 56) | ((ulong)block[at + 1] << 48) | ((ulong)block[at + 2] << 40) | ((ulong)block[at + 3] << 32)
                    | ((ulong)block[at + 4] << 24) | ((ulong)block[at + 5] << 16) | ((ulong)block[at + 6] << 8) | block[at + 7];
            }

            for (int t = 16; t < 80; t++)
            {
                ulong x = w[t - 15];
                ulong y = w[t - 2];
                ulong sigma0 = ((x >> 1) | (x << 63)) ^ ((x >> 8) | (x << 56)) ^ (x >> 7);
                ulong sigma1 = ((y >> 19) | (y << 45)) ^ ((y >> 61) | (y << 3)) ^ (y >> 6);
                w[t] = sigma1 + w[t - 7] + sigma0 + w[t - 16];
            }

            ulong a = _state[0], b = _state[1], c = _state[2], d = _state[3];
            ulong e = _state[4], f = _state[5], g = _state[6], h = _state[7];
            for (int t = 0; t < 80; t++)
            {
                ulong bigSigma1 = ((e >> 14) | (e << 50)) ^ ((e >> 18) | (e << 46)) ^ ((e >> 41) | (e << 23));
                ulong choose = (e & f) ^ (~e & g);
                ulong t1 = h + bigSigma1 + choose + RoundConstants[t] + w[t];
                ulong bigSigma0 = ((a >> 28) | (a << 36)) ^ ((a >> 34) | (a << 30)) ^ ((a >> 39) | (a << 25));
                ulong majority = (a & b) ^ (a & c) ^ (b & c);
                ulong t2 = bigSigma0 + majority;
                h = g;
                g = f;
                f = e;
                e = d + t1;
                d = c;
                c = b;
                b = a;
                a = t1 + t2;
            }

            _state[0] += a;
            _state[1] += b;
            _state[2] += c;
            _state[3] += d;
            _state[4] += e;
            _state[5] += f;
            _state[6] += g;
            _state[7] += h;
        }
    }
}
