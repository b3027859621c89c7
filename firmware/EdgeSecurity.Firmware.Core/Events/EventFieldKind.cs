namespace EdgeSecurity.Firmware.Core.Events
{
    /// <summary>The value types a record field can hold (wire codes of docs/formats/events.md §1).</summary>
    public enum EventFieldKind
    {
        Int32 = 1,
        Int64 = 2,
        String = 3,
        Bytes = 4,
        Bool = 5,
    }
}
