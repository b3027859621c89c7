using System;
using EdgeSecurity.Firmware.Core.Bundles;
using EdgeSecurity.Firmware.Core.Crypto;
using EdgeSecurity.Firmware.Core.Digests;
using EdgeSecurity.Firmware.Core.Platform;

namespace EdgeSecurity.Firmware.Core.Boot
{
    /// <summary>
    /// Reads a component of the running slot into memory for <c>Assembly.Load</c> and checks the bytes in
    /// memory against the verified manifest, so what is loaded is what was verified even if the file
    /// changed after the boot check.
    /// </summary>
    public static class VerifiedComponentReader
    {
        /// <summary>The component's bytes, or null when the file no longer matches the verified manifest.</summary>
        public static byte[] Read(IFlashStorage storage, IMacPrimitive mac, SlotVerification verified, int componentIndex)
        {
            if (verified == null || !verified.IsValid)
            {
                throw new InvalidOperationException("Only a verified slot's components may be loaded.");
            }

            ComponentEntry component = verified.Manifest.GetComponent(componentIndex);
            string file = BootSlot.ComponentFile(verified.Slot, componentIndex);
            if (storage.GetLength(file) != component.Size)
            {
                return null;
            }

            byte[] content = new byte[component.Size];
            int done = 0;
            while (done < content.Length)
            {
                int read = storage.Read(file, done, content, done, content.Length - done);
                if (read <= 0)
                {
                    return null;
                }

                done += read;
            }

            byte[] chunkDigests = EsHmacSha256V1.ChunkDigests(mac, content, component.ChunkSize);
            byte[] digest = EsHmacSha256V1.ComponentDigest(mac, content.Length, component.ChunkSize, chunkDigests);
            return ConstantTime.AreEqual(digest, component.ComponentDigest) ? content : null;
        }
    }
}
