namespace EdgeSecurity.Firmware.Core.Attestation
{
    /// <summary>What the attestation responder reads the device's current state from (the agent; a fake in tests).</summary>
    public interface IPostureSource
    {
        /// <summary>The boot, integrity and journal state now; called on the agent's thread.</summary>
        AttestationEvidence CapturePosture();
    }
}
