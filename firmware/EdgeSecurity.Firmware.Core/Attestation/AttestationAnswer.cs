namespace EdgeSecurity.Firmware.Core.Attestation
{
    /// <summary>A device's answer to one challenge (docs/formats/attestation.md §2), without its MAC.</summary>
    public sealed class AttestationAnswer
    {
        public AttestationAnswer(byte[] nonce, string deviceId, int keyEpoch, AttestationEvidence evidence)
        {
            if (nonce == null || nonce.Length != AttestationChallengeCodec.NonceBytes || deviceId == null || evidence == null)
            {
                throw new System.ArgumentException("a " + AttestationChallengeCodec.NonceBytes.ToString() + "-byte nonce, a device id and the evidence are required");
            }

            if (keyEpoch < 0 || keyEpoch > 65535)
            {
                throw new System.ArgumentOutOfRangeException("keyEpoch");
            }

            Nonce = (byte[])nonce.Clone();
            DeviceId = deviceId;
            KeyEpoch = keyEpoch;
            Evidence = evidence;
        }

        /// <summary>The challenge's nonce, echoed.</summary>
        public byte[] Nonce { get; private set; }

        public string DeviceId { get; private set; }

        /// <summary>Epoch of the event key that MACs the answer (docs/formats/events.md §2.1).</summary>
        public int KeyEpoch { get; private set; }

        public AttestationEvidence Evidence { get; private set; }
    }
}
