namespace EdgeSecurity.Firmware.Core.Integrity
{
    /// <summary>Severity of an integrity finding; every mismatch of signed or sealed content is critical.</summary>
    public enum FindingSeverity
    {
        Critical = 1,
    }
}
