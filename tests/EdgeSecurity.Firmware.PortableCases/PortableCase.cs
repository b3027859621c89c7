using EdgeSecurity.Firmware.PortableCases.Support;

namespace EdgeSecurity.Firmware.PortableCases
{
    /// <summary>
    /// One case: a name and a body that returns a compact transcript of what the core computed. The
    /// transcript must be a function of the vectors alone, so that .NET and nanoCLR print the same line; a
    /// check the case makes against an independent answer (an RFC vector, .NET's SHA-512) appears in it
    /// as <c>ok</c> or <c>MISMATCH</c>.
    /// </summary>
    public delegate string CaseBody(VectorSet vectors);

    public sealed class PortableCase
    {
        public PortableCase(string name, CaseBody body)
        {
            Name = name;
            Body = body;
        }

        public string Name { get; private set; }

        public CaseBody Body { get; private set; }
    }
}
