namespace EdgeSecurity.Firmware.Core.Ota
{
    /// <summary>Classifies a message by its magic before the matching codec parses it.</summary>
    public static class OtaMessages
    {
        public static OtaMessageType Classify(byte[] data)
        {
            if (data == null || data.Length < 4 || data[0] != 'E' || data[1] != 'S' || data[2] != 'O')
            {
                return OtaMessageType.Unknown;
            }

            switch ((char)data[3])
            {
                case 'F':
                    return OtaMessageType.Offer;
                case 'Q':
                    return OtaMessageType.ChunkRequest;
                case 'C':
                    return OtaMessageType.Chunk;
                case 'R':
                    return OtaMessageType.Report;
                default:
                    return OtaMessageType.Unknown;
            }
        }
    }
}
