using System;
using EdgeSecurity.Firmware.Core.Bundles;
using EdgeSecurity.Firmware.Core.Crypto;
using EdgeSecurity.Firmware.Core.Integrity;
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
        /// <summary>The component read and checked in RAM; <see cref="ComponentRead.IsIntact"/> is false when the file no longer matches.</summary>
        public static ComponentRead Read(IFlashStorage storage, IMacPrimitive mac, SlotVerification verified, int componentIndex)
        {
            if (verified == null || !verified.IsValid)
            {
                throw new InvalidOperationException("Only a verified slot's components may be loaded.");
            }

            ComponentEntry component = verified.Manifest.GetComponent(componentIndex);
            string file = BootSlot.ComponentFile(verified.Slot, componentIndex);
            byte[] content = SmallFile.ReadAll(storage, file, component.Size);
            if (content == null || content.Length != component.Size)
            {
                return ComponentRead.Changed(componentIndex, component.Name, file, component.ComponentDigest, null, "file is missing or no longer " + component.Size.ToString() + " bytes since the boot verification");
            }

            byte[] digest = FileDigest.OfBytes(mac, content, component.ChunkSize);
            if (!ConstantTime.AreEqual(digest, component.ComponentDigest))
            {
                return ComponentRead.Changed(componentIndex, component.Name, file, component.ComponentDigest, digest, "content changed since the boot verification");
            }

            return ComponentRead.Intact(componentIndex, component.Name, file, content, digest);
        }
    }
}
