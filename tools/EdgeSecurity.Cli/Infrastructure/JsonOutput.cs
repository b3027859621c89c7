using System.Text.Encodings.Web;
using System.Text.Json;

namespace EdgeSecurity.Cli.Infrastructure;

/// <summary>The --json output of every command: one indented JSON document on stdout, camelCase names.</summary>
internal static class JsonOutput
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void Write(TextWriter output, object value) => output.WriteLine(JsonSerializer.Serialize(value, Options));
}
