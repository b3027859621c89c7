using EdgeSecurity.Firmware.Core.Digests;
using EdgeSecurity.Firmware.PortableCases.Support;

namespace EdgeSecurity.Firmware.PortableCases.Cases
{
    /// <summary>The managed HMAC reference against .NET's HMACSHA256, then the component digest built on it.</summary>
    public static class DigestCases
    {
        public static string ManagedHmac(VectorSet vectors)
        {
            Transcript transcript = new Transcript();
            ManagedHmacSha256 mac = new ManagedHmacSha256();
            int count = (int)vectors.Number("hmac.count");
            for (int i = 0; i < count; i++)
            {
                string prefix = "hmac." + i + ".";
                byte[] key = vectors.Bytes(prefix + "key");
                byte[] data = vectors.Bytes(prefix + "data");
                bool same = Transcript.SameBytes(mac.HmacSha256(key, data), vectors.Bytes(prefix + "mac"));
                transcript.Check("k" + key.Length + "d" + data.Length, same);
            }

            return transcript.ToString();
        }

        /// <summary>Vectors <c>comp.N.*</c>: content, chunk size and the digest .NET computed with its native HMAC.</summary>
        public static string ComponentDigests(VectorSet vectors)
        {
            Transcript transcript = new Transcript();
            ManagedHmacSha256 mac = new ManagedHmacSha256();
            int count = (int)vectors.Number("comp.count");
            for (int i = 0; i < count; i++)
            {
                string prefix = "comp." + i + ".";
                byte[] content = vectors.Bytes(prefix + "content");
                int chunkSize = (int)vectors.Number(prefix + "chunk");
                byte[] leaves = EsHmacSha256V1.ChunkDigests(mac, content, chunkSize);
                byte[] digest = EsHmacSha256V1.ComponentDigest(mac, content.Length, chunkSize, leaves);
                transcript.Add("size" + content.Length + "/" + chunkSize + "=" + Transcript.ShortDigest(digest));
                transcript.Check("dotnet", Transcript.SameBytes(digest, vectors.Bytes(prefix + "digest")));
            }

            return transcript.ToString();
        }
    }
}
