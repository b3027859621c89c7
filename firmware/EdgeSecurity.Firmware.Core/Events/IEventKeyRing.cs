namespace EdgeSecurity.Firmware.Core.Events
{
    /// <summary>
    /// A device's event keys by key epoch (docs/formats/events.md §2.1): the host keeps every epoch's key so
    /// that records journaled before a re-enrolment stay verifiable under the key they were MAC'd with.
    /// </summary>
    public interface IEventKeyRing
    {
        /// <summary>The key of <paramref name="epoch"/>, or null when the device has no such epoch.</summary>
        byte[] KeyFor(ushort epoch);
    }
}
