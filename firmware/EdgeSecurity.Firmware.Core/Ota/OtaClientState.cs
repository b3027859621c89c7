using EdgeSecurity.Firmware.Core.Boot;
using EdgeSecurity.Firmware.Core.Bundles;
using EdgeSecurity.Firmware.Core.Crypto;

namespace EdgeSecurity.Firmware.Core.Ota
{
    /// <summary>
    /// What the update client must remember across power loss: the last offer sequence it accepted and the
    /// MAC of that offer (replay protection, and telling the broker's redelivery of that very offer from a
    /// replay) and the update in progress. Plain data; <see cref="OtaClientStateStore"/> persists it.
    /// </summary>
    public sealed class OtaClientState
    {
        public OtaClientState()
        {
            BundleId = new byte[Manifest.BundleIdLength];
            TargetSlot = BootSlot.None;
            Version = new BundleVersion(0, 0, 0, 0);
            LastAcceptedOfferMac = new byte[OtaMessageAuthenticator.MacBytes];
        }

        /// <summary>The highest offer sequence accepted; only a higher one is accepted next (never lowered).</summary>
        public long LastAcceptedSequence { get; set; }

        /// <summary>
        /// The verified MAC of the offer that set <see cref="LastAcceptedSequence"/> (all zeros when unknown): it
        /// covers every byte of that offer, so an offer with the same sequence and the same MAC is that offer
        /// delivered again, and one with the same sequence and another MAC is not.
        /// </summary>
        public byte[] LastAcceptedOfferMac { get; set; }

        public OtaPhase Phase { get; set; }

        /// <summary>The campaign of the update in progress (0 when idle).</summary>
        public long CampaignId { get; set; }

        /// <summary>The bundle of the update in progress.</summary>
        public byte[] BundleId { get; set; }

        public long SecurityCounter { get; set; }

        public BundleVersion Version { get; set; }

        /// <summary>The slot being written or tried.</summary>
        public int TargetSlot { get; set; }

        /// <summary>The bundle's chunk count over all components.</summary>
        public int ChunksTotal { get; set; }

        public OtaClientState Copy()
        {
            OtaClientState copy = new OtaClientState();
            copy.LastAcceptedSequence = LastAcceptedSequence;
            copy.LastAcceptedOfferMac = (byte[])LastAcceptedOfferMac.Clone();
            copy.Phase = Phase;
            copy.CampaignId = CampaignId;
            copy.BundleId = (byte[])BundleId.Clone();
            copy.SecurityCounter = SecurityCounter;
            copy.Version = Version;
            copy.TargetSlot = TargetSlot;
            copy.ChunksTotal = ChunksTotal;
            return copy;
        }

        /// <summary>
        /// True when <paramref name="sequence"/> and <paramref name="verifiedMac"/> are those of the offer last
        /// accepted: the same offer delivered again (MQTT QoS 1 redelivery after a reconnect or a broker failover),
        /// not a replay of an older one. An all-zero MAC (none recorded) matches nothing.
        /// </summary>
        public bool IsLastAcceptedOffer(long sequence, byte[] verifiedMac)
        {
            return sequence == LastAcceptedSequence && verifiedMac != null && verifiedMac.Length == OtaMessageAuthenticator.MacBytes
                && !IsAllZero(LastAcceptedOfferMac) && ConstantTime.AreEqual(verifiedMac, LastAcceptedOfferMac);
        }

        /// <summary>Back to idle, keeping the replay protection.</summary>
        public void Clear()
        {
            Phase = OtaPhase.Idle;
            CampaignId = 0;
            BundleId = new byte[Manifest.BundleIdLength];
            SecurityCounter = 0;
            Version = new BundleVersion(0, 0, 0, 0);
            TargetSlot = BootSlot.None;
            ChunksTotal = 0;
        }

        private static bool IsAllZero(byte[] bytes)
        {
            for (int i = 0; i < bytes.Length; i++)
            {
                if (bytes[i] != 0)
                {
                    return false;
                }
            }

            return true;
        }
    }
}
