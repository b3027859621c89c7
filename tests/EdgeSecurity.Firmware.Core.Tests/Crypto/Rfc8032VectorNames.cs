using EdgeSecurity.Firmware.PortableCases.Vectors;

namespace EdgeSecurity.Firmware.Core.Tests.Crypto;

/// <summary>The RFC 8032 vectors (shared with the nanoCLR cases) as xunit theory data.</summary>
internal static class Rfc8032VectorNames
{
    public static TheoryData<string> Names()
    {
        TheoryData<string> names = [];
        foreach (Rfc8032Vectors.Vector vector in Rfc8032Vectors.All)
        {
            names.Add(vector.Name);
        }

        return names;
    }
}
