using EdgeSecurity.Firmware.Core.Crypto;
using EdgeSecurity.Firmware.PortableCases.Support;

namespace EdgeSecurity.Firmware.PortableCases.Cases
{
    /// <summary>The core's SHA-512 against .NET's, over lengths around the block and padding boundaries.</summary>
    public static class Sha512Cases
    {
        public static string KnownAnswers(VectorSet vectors)
        {
            Transcript transcript = new Transcript();
            int count = (int)vectors.Number("sha.count");
            for (int i = 0; i < count; i++)
            {
                byte[] message = vectors.Bytes("sha." + i + ".msg");
                byte[] expected = vectors.Bytes("sha." + i + ".digest");

                // One shot, and fed in uneven pieces through the incremental interface.
                byte[] oneShot = Sha512.Hash(message);
                Sha512 incremental = new Sha512();
                int offset = 0;
                int piece = 1;
                while (offset < message.Length)
                {
                    int take = piece < message.Length - offset ? piece : message.Length - offset;
                    incremental.Update(message, offset, take);
                    offset += take;
                    piece = (piece * 3) + 1;
                }

                byte[] pieces = incremental.Finish();
                transcript.Check("len" + message.Length, Transcript.SameBytes(oneShot, expected) && Transcript.SameBytes(pieces, expected));
            }

            return transcript.ToString();
        }
    }
}
