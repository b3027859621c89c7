using EdgeSecurity.Firmware.Core.Platform;
using EdgeSecurity.Firmware.Core.Serialization;

namespace EdgeSecurity.Firmware.Core.Journal
{
    /// <summary>
    /// Hands out event sequence numbers that never repeat, also across power loss: a block of numbers is
    /// reserved durably (`evt/seq.bin`, docs/formats/events.md §3) before any number of it is used.
    /// </summary>
    internal sealed class SequenceAllocator
    {
        private const int Bytes = 16;
        private static readonly byte[] Magic = new byte[] { (byte)'E', (byte)'S', (byte)'Q', (byte)'1' };
        private readonly IFlashStorage _flash;
        private readonly string _directory;
        private readonly int _block;
        private long _reservedThrough;
        private long _next;

        private readonly long _floor;

        public SequenceAllocator(IFlashStorage flash, string directory, int block, long floor)
        {
            _flash = flash;
            _directory = directory;
            _block = block;
            _floor = floor;
        }

        /// <summary>True when the reservation file was missing or damaged although the journal had records.</summary>
        public bool StateLost { get; private set; }

        /// <summary>Reads the reservation; <paramref name="highestUsed"/> is the highest sequence found on flash.</summary>
        public void Open(long highestUsed)
        {
            byte[] content = AtomicFile.ReadChecked(_flash, _directory + "seq.bin", Magic, Bytes);
            if (content == null)
            {
                StateLost = highestUsed > 0;
                _reservedThrough = highestUsed + (StateLost ? _block : 0);
            }
            else
            {
                _reservedThrough = LittleEndian.ReadInt64(content, 4);
            }

            _next = (_reservedThrough > highestUsed ? _reservedThrough : highestUsed) + 1;
            if (_next <= _floor)
            {
                // A new key epoch: its numbers start in its own band (skipped numbers are not gaps).
                _next = _floor + 1;
            }
        }

        /// <summary>The next number; it is durably reserved before this returns.</summary>
        public long Next()
        {
            if (_next > _reservedThrough)
            {
                long reserve = _next + _block - 1;
                var content = new byte[Bytes];
                LittleEndian.PutInt64(content, 4, reserve);
                AtomicFile.WriteChecked(_flash, _directory + "seq.bin", _directory + "seq.tmp", Magic, content);
                _reservedThrough = reserve;
            }

            return _next++;
        }
    }
}
