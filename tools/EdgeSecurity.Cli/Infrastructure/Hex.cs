namespace EdgeSecurity.Cli.Infrastructure;

internal static class Hex
{
    public static string Of(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
