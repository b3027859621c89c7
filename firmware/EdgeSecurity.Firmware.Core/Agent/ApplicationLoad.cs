using EdgeSecurity.Firmware.Core.Boot;

namespace EdgeSecurity.Firmware.Core.Agent
{
    /// <summary>
    /// What <see cref="DeviceAgent.ReadApplication"/> hands the platform's loader: all the application's
    /// assemblies, each checked in RAM, or none and why. Never a partial application.
    /// </summary>
    public sealed class ApplicationLoad
    {
        private readonly byte[][] _assemblies;
        private readonly string[] _names;

        private ApplicationLoad(ApplicationLoadStatus status, byte[][] assemblies, string[] names, ComponentRead changed, string detail)
        {
            Status = status;
            _assemblies = assemblies;
            _names = names;
            Changed = changed;
            Detail = detail;
        }

        public ApplicationLoadStatus Status { get; }

        public bool IsReady
        {
            get { return Status == ApplicationLoadStatus.Ready; }
        }

        /// <summary>Managed assemblies to load, in manifest order (0 unless <see cref="IsReady"/>).</summary>
        public int AssemblyCount
        {
            get { return _assemblies.Length; }
        }

        /// <summary>The component that no longer matched, when <see cref="ApplicationLoadStatus.Withheld"/>; else null.</summary>
        public ComponentRead Changed { get; }

        public string Detail { get; }

        /// <summary>The verified bytes of assembly <paramref name="index"/>, for <c>Assembly.Load</c>.</summary>
        public byte[] GetAssembly(int index)
        {
            return _assemblies[index];
        }

        /// <summary>The manifest's name of assembly <paramref name="index"/>.</summary>
        public string GetName(int index)
        {
            return _names[index];
        }

        internal static ApplicationLoad Ready(byte[][] assemblies, string[] names)
        {
            return new ApplicationLoad(ApplicationLoadStatus.Ready, assemblies, names, null, assemblies.Length.ToString() + " assembly(ies) verified in RAM");
        }

        internal static ApplicationLoad NotAllowed(string detail)
        {
            return new ApplicationLoad(ApplicationLoadStatus.NotAllowed, new byte[0][], new string[0], null, detail);
        }

        internal static ApplicationLoad Withheld(ComponentRead changed)
        {
            return new ApplicationLoad(ApplicationLoadStatus.Withheld, new byte[0][], new string[0], changed, "application withheld: " + changed.ToString());
        }

        public override string ToString()
        {
            return Status.ToString() + ": " + Detail;
        }
    }
}
