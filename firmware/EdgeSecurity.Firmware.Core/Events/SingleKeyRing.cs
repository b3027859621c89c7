namespace EdgeSecurity.Firmware.Core.Events
{
    /// <summary>The key ring of a device that knows one key: the key of one epoch.</summary>
    public sealed class SingleKeyRing : IEventKeyRing
    {
        private readonly ushort _epoch;
        private readonly byte[] _key;

        public SingleKeyRing(ushort epoch, byte[] key)
        {
            if (key == null)
            {
                throw new System.ArgumentNullException("key");
            }

            _epoch = epoch;
            _key = key;
        }

        public byte[] KeyFor(ushort epoch)
        {
            return epoch == _epoch ? _key : null;
        }
    }
}
