namespace EdgeSecurity.Firmware.Core.Events
{
    /// <summary>Event type ids (docs/events.md is the catalogue with fields and priorities).</summary>
    public static class EventTypes
    {
        public const ushort BootVerification = 0x0101;
        public const ushort IntegrityCheck = 0x0102;
        public const ushort ContainmentEntered = 0x0103;
        public const ushort ContainmentLeft = 0x0104;

        public const ushort OtaDownloadStarted = 0x0201;
        public const ushort OtaChunkFailed = 0x0202;
        public const ushort OtaInstalled = 0x0203;
        public const ushort OtaTrialBoot = 0x0204;
        public const ushort OtaConfirmed = 0x0205;
        public const ushort OtaRolledBack = 0x0206;
        public const ushort OtaOfferRefused = 0x0207;
        public const ushort OtaOfferReplayed = 0x0208;
        public const ushort OtaVerified = 0x0209;
        public const ushort OtaFailed = 0x020A;
        public const ushort OtaDownloadStalled = 0x020B;
        public const ushort OtaTrustRootInstalled = 0x020C;
        public const ushort OtaAlreadyInstalled = 0x020D;
        public const ushort OtaChunkIgnored = 0x020E;

        public const ushort ConnectionFailure = 0x0301;
        public const ushort AuthenticationFailure = 0x0302;

        public const ushort ClockSet = 0x0401;
        public const ushort ClockJump = 0x0402;
        public const ushort ConfigurationChanged = 0x0403;

        public const ushort JournalThresholdReached = 0x0501;
        public const ushort RecordsDropped = 0x0502;
        public const ushort Heartbeat = 0x0503;
        public const ushort JournalRecovered = 0x0504;
        public const ushort JournalTampered = 0x0505;
    }
}
