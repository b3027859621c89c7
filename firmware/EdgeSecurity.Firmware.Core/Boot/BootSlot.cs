namespace EdgeSecurity.Firmware.Core.Boot
{
    /// <summary>The two application slots and where each one lives on the device volume.</summary>
    public static class BootSlot
    {
        public const int None = 0;
        public const int A = 1;
        public const int B = 2;

        /// <summary>The slot that is not <paramref name="slot"/>; A when <paramref name="slot"/> is None.</summary>
        public static int Other(int slot)
        {
            return slot == A ? B : A;
        }

        public static bool IsSlot(int slot)
        {
            return slot == A || slot == B;
        }

        public static string Name(int slot)
        {
            if (slot == A)
            {
                return "A";
            }

            return slot == B ? "B" : "none";
        }

        /// <summary>Folder of a slot on the volume, with a trailing '/'.</summary>
        public static string Directory(int slot)
        {
            return slot == A ? StorageLayout.SlotADirectory : StorageLayout.SlotBDirectory;
        }

        public static string ManifestFile(int slot)
        {
            return Directory(slot) + StorageLayout.ManifestFileName;
        }

        /// <summary>
        /// File of the component at <paramref name="componentIndex"/> of the slot's manifest. Files are
        /// named by index, not by the manifest's component name, so no signed-but-hostile name can reach
        /// the file system.
        /// </summary>
        public static string ComponentFile(int slot, int componentIndex)
        {
            return Directory(slot) + "c" + componentIndex.ToString() + ".bin";
        }
    }
}
