using System.Globalization;
using System.Text;
using EdgeSecurity.Firmware.PortableCases.Support;

namespace EdgeSecurity.Firmware.PortableVectors;

/// <summary>
/// The two forms of one vector set: text for .NET, and C# arrays for the nanoCLR runner, which has no file
/// system and whose .pe string table (64 KB) cannot hold the hex; byte array initializers become binary data.
/// </summary>
public static class VectorFiles
{
    public const string TextFileName = "vectors.txt";
    public const string SourceFileName = "GeneratedVectors.cs";

    /// <summary>C# 7.3 source of <c>EdgeSecurity.Firmware.NanoRunner.GeneratedVectors</c> (Names, Numbers, Bytes).</summary>
    public static string ToCSharp(IReadOnlyList<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var vectors = VectorSet.Parse(string.Join('\n', lines));
        var names = new StringBuilder();
        var numbers = new StringBuilder();
        var bytes = new StringBuilder();
        for (var i = 0; i < vectors.Count; i++)
        {
            var name = vectors.NameAt(i);
            names.Append("            \"").Append(name).Append("\",\n");
            var isNumber = lines[i].Contains(" #", StringComparison.Ordinal);
            numbers.Append("            ").Append(isNumber ? "\"" + vectors.Number(name).ToString(CultureInfo.InvariantCulture) + "\"" : "null").Append(",\n");
            bytes.Append("            ").Append(isNumber ? "null" : ByteArray(vectors.Bytes(name))).Append(",\n");
        }

        return "// Generated at test time by tests/EdgeSecurity.Firmware.PortableVectors; not checked in.\n"
            + "namespace EdgeSecurity.Firmware.NanoRunner\n{\n    internal static class GeneratedVectors\n    {\n"
            + "        public static readonly string[] Names =\n        {\n" + names + "        };\n\n"
            + "        public static readonly string[] Numbers =\n        {\n" + numbers + "        };\n\n"
            + "        public static readonly byte[][] Bytes =\n        {\n" + bytes + "        };\n    }\n}\n";
    }

    private static string ByteArray(byte[] data) =>
        "new byte[] { " + string.Join(", ", data.Select(b => "0x" + b.ToString("x2", CultureInfo.InvariantCulture))) + " }";
}
