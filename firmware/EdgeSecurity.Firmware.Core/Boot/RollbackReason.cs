namespace EdgeSecurity.Firmware.Core.Boot
{
    /// <summary>Why a trial slot was abandoned in favour of the previous good slot.</summary>
    public enum RollbackReason
    {
        None = 0,
        TrialVerificationFailed = 1,
        TrialAttemptsExhausted = 2,
        HealthCheckFailed = 3,
    }
}
