namespace EdgeSecurity.Firmware.Core.Boot
{
    /// <summary>
    /// One component of the running slot read into memory for the loader: either its bytes, checked in RAM
    /// against the verified manifest, or why they may not be loaded (changed or removed after the boot check).
    /// </summary>
    public sealed class ComponentRead
    {
        private ComponentRead(int index, string name, string fileName, byte[] bytes, byte[] expectedDigest, byte[] actualDigest, string detail)
        {
            Index = index;
            Name = name;
            FileName = fileName;
            Bytes = bytes;
            ExpectedDigest = expectedDigest;
            ActualDigest = actualDigest;
            Detail = detail;
        }

        /// <summary>True when <see cref="Bytes"/> are exactly the verified component.</summary>
        public bool IsIntact
        {
            get { return Bytes != null; }
        }

        public int Index { get; }

        /// <summary>The component's name in the verified manifest.</summary>
        public string Name { get; }

        public string FileName { get; }

        /// <summary>The verified bytes, or null when the file no longer matches (then never load anything of it).</summary>
        public byte[] Bytes { get; }

        /// <summary>The component digest of the manifest verified at boot.</summary>
        public byte[] ExpectedDigest { get; }

        /// <summary>The digest of what was read, or null when the file is missing or has the wrong size.</summary>
        public byte[] ActualDigest { get; }

        /// <summary>What was checked, or what is wrong.</summary>
        public string Detail { get; }

        internal static ComponentRead Intact(int index, string name, string fileName, byte[] bytes, byte[] digest)
        {
            return new ComponentRead(index, name, fileName, bytes, digest, digest, "matches the verified manifest");
        }

        internal static ComponentRead Changed(int index, string name, string fileName, byte[] expected, byte[] actual, string detail)
        {
            return new ComponentRead(index, name, fileName, null, expected, actual, detail);
        }

        public override string ToString()
        {
            return "component " + Index.ToString() + " (" + Name + ", " + FileName + "): " + Detail;
        }
    }
}
