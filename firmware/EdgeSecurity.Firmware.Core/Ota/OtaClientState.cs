using EdgeSecurity.Firmware.Core.Boot;
using EdgeSecurity.Firmware.Core.Bundles;

namespace EdgeSecurity.Firmware.Core.Ota
{
    /// <summary>
    /// What the update client must remember across power loss: the last offer sequence it accepted (replay
    /// protection) and the update in progress. Plain data; <see cref="OtaClientStateStore"/> persists it.
    /// </summary>
    public sealed class OtaClientState
    {
        public OtaClientState()
        {
            BundleId = new byte[Manifest.BundleIdLength];
            TargetSlot = BootSlot.None;
            Version = new BundleVersion(0, 0, 0, 0);
        }

        /// <summary>The highest offer sequence accepted; only a higher one is accepted next (never lowered).</summary>
        public long LastAcceptedSequence { get; set; }

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
            copy.Phase = Phase;
            copy.CampaignId = CampaignId;
            copy.BundleId = (byte[])BundleId.Clone();
            copy.SecurityCounter = SecurityCounter;
            copy.Version = Version;
            copy.TargetSlot = TargetSlot;
            copy.ChunksTotal = ChunksTotal;
            return copy;
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
    }
}
