namespace EdgeSecurity.Firmware.Core.Ota
{
    /// <summary>The OTA message kinds, told apart by their magic (the report topic carries two of them).</summary>
    public enum OtaMessageType
    {
        Unknown = 0,
        Offer = 1,
        ChunkRequest = 2,
        Chunk = 3,
        Report = 4,
    }
}
