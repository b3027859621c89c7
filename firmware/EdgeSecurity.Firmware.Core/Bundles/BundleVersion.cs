using EdgeSecurity.Firmware.Core.Serialization;

namespace EdgeSecurity.Firmware.Core.Bundles
{
    /// <summary>
    /// Release version major.minor.patch.build, compared numerically field by field. Informational ordering
    /// only: anti-rollback uses the manifest's separate security counter.
    /// </summary>
    public sealed class BundleVersion
    {
        public const int MaxPart = 0xFFFF;
        public const long MaxBuild = 0xFFFFFFFFL;

        public BundleVersion(int major, int minor, int patch, long build)
        {
            CheckPart(major, "manifest.version.major");
            CheckPart(minor, "manifest.version.minor");
            CheckPart(patch, "manifest.version.patch");
            if (build < 0 || build > MaxBuild)
            {
                throw new MalformedDataException(MalformedReason.ValueOutOfRange, "manifest.version.build", "must be 0.." + MaxBuild);
            }

            Major = major;
            Minor = minor;
            Patch = patch;
            Build = build;
        }

        public int Major { get; }

        public int Minor { get; }

        public int Patch { get; }

        public long Build { get; }

        /// <summary>Negative, zero or positive as this version is lower, equal or higher than <paramref name="other"/>.</summary>
        public int CompareTo(BundleVersion other)
        {
            if (Major != other.Major)
            {
                return Major < other.Major ? -1 : 1;
            }

            if (Minor != other.Minor)
            {
                return Minor < other.Minor ? -1 : 1;
            }

            if (Patch != other.Patch)
            {
                return Patch < other.Patch ? -1 : 1;
            }

            if (Build != other.Build)
            {
                return Build < other.Build ? -1 : 1;
            }

            return 0;
        }

        public override bool Equals(object obj)
        {
            BundleVersion other = obj as BundleVersion;
            return other != null && CompareTo(other) == 0;
        }

        public override int GetHashCode()
        {
            return (Major << 24) ^ (Minor << 16) ^ (Patch << 8) ^ (int)Build;
        }

        public override string ToString()
        {
            return Major + "." + Minor + "." + Patch + "." + Build;
        }

        private static void CheckPart(int value, string field)
        {
            if (value < 0 || value > MaxPart)
            {
                throw new MalformedDataException(MalformedReason.ValueOutOfRange, field, "must be 0.." + MaxPart);
            }
        }
    }
}
