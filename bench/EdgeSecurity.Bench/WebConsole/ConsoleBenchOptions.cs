using System.Globalization;

namespace EdgeSecurity.Bench.WebConsole;

/// <summary>Command line of the console bench (`console --devices 10000 --events 1000000 --loads 20 --db sqlite`).</summary>
internal sealed record ConsoleBenchOptions(int Devices, int Events, int Loads, IReadOnlyList<string> Databases, bool Json)
{
    public const string Usage = "console [--devices N=10000] [--events TOTAL=1000000] [--loads PER_PAGE=20] [--db sqlite|postgresql|both] [--json]";

    public static ConsoleBenchOptions Parse(string[] args)
    {
        var options = new ConsoleBenchOptions(10_000, 1_000_000, 20, ["sqlite"], false);
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
                "--loads" => options with { Loads = Positive() },
                "--db" => Value() switch
                {
                    "sqlite" => options with { Databases = ["sqlite"] },
                    "postgresql" or "postgres" => options with { Databases = ["postgresql"] },
                    "both" => options with { Databases = ["sqlite", "postgresql"] },
                    var other => throw new ArgumentException($"--db must be sqlite, postgresql or both, not '{other}'."),
                },
                "--json" => options with { Json = true },
                _ => throw new ArgumentException($"Unknown option '{args[i]}'. Usage: {Usage}"),
            };
        }

        return options.Events < options.Devices
            ? throw new ArgumentException($"--events ({options.Events}) must be at least --devices ({options.Devices}): every device has a boot event.")
            : options;
    }
}
