namespace EdgeSecurity.Firmware.Core.Events
{
    public enum EventSeverity
    {
        Info = 0,
        Notice = 1,
        Warning = 2,
        Error = 3,
        Critical = 4,
    }
}
