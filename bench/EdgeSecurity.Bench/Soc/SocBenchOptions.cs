using System.Globalization;

namespace EdgeSecurity.Bench.Soc;

/// <summary>Command line of the SOC read bench (`soc --devices 10000 --events 1000000 --db both --requests 200`).</summary>
internal sealed record SocBenchOptions(
    int Devices,
    int Events,
    int Requests,
    IReadOnlyList<string> Databases,
    bool Export,
    bool Json)
{
    public const string Usage =
        "soc [--devices N=10000] [--events TOTAL=1000000] [--requests PER_QUERY=200] [--db sqlite|postgresql|both] [--no-export] [--json]";

    public static SocBenchOptions Parse(string[] args)
    {
        var options = new SocBenchOptions(10_000, 1_000_000, 200, ["sqlite"], true, false);
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value. Usage: {Usage}");
            int Positive() =>
                int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
                    ? n
                    : throw new ArgumentException($"{args[i - 1]} needs a positive whole number. Usage: {Usage}");
            options = args[i] switch
            {
                "--devices" => options with { Devices = Positive() },
                "--events" => options with { Events = Positive() },
                "--requests" => options with { Requests = Positive() },
                "--db" => options with { Databases = ParseDatabases(Value()) },
                "--no-export" => options with { Export = false },
                "--json" => options with { Json = true },
                _ => throw new ArgumentException($"Unknown option '{args[i]}'. Usage: {Usage}"),
            };
        }

        return options.Events < options.Devices
            ? throw new ArgumentException($"--events ({options.Events}) must be at least --devices ({options.Devices}): every device has a boot event.")
            : options;
    }

    private static string[] ParseDatabases(string value) => value switch
    {
        "sqlite" => ["sqlite"],
        "postgresql" or "postgres" => ["postgresql"],
        "both" => ["sqlite", "postgresql"],
        _ => throw new ArgumentException($"--db must be sqlite, postgresql or both, not '{value}'."),
    };
}
