using EdgeSecurity.Firmware.Core.Bundles;
using EdgeSecurity.Firmware.Core.Serialization;

namespace EdgeSecurity.Firmware.Core.Ota
{
    /// <summary>One chunk of a bundle: the component's index in the manifest and the chunk's index in the component.</summary>
    public sealed class OtaChunkId
    {
        public OtaChunkId(int componentIndex, int chunkIndex)
        {
            Check(componentIndex, chunkIndex, "ota.chunkId");
            ComponentIndex = componentIndex;
            ChunkIndex = chunkIndex;
        }

        public int ComponentIndex { get; }

        public int ChunkIndex { get; }

        public bool Is(int componentIndex, int chunkIndex)
        {
            return ComponentIndex == componentIndex && ChunkIndex == chunkIndex;
        }

        /// <summary>The bounds every chunk reference on the wire obeys: they come from the manifest format's own limits.</summary>
        internal static void Check(int componentIndex, int chunkIndex, string field)
        {
            if (componentIndex < 0 || componentIndex >= Manifest.MaxComponents)
            {
                throw new MalformedDataException(MalformedReason.ValueOutOfRange, field + ".component", "component index " + componentIndex + " is outside [0, " + (Manifest.MaxComponents - 1) + "]");
            }

            if (chunkIndex < 0 || chunkIndex >= ComponentEntry.MaxChunks)
            {
                throw new MalformedDataException(MalformedReason.ValueOutOfRange, field + ".chunk", "chunk index " + chunkIndex + " is outside [0, " + (ComponentEntry.MaxChunks - 1) + "]");
            }
        }
    }
}
