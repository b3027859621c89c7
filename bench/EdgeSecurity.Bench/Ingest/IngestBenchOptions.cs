using System.Globalization;

namespace EdgeSecurity.Bench.Ingest;

/// <summary>Command line of the ingest load (`ingest --devices 50 --events 2000 --db sqlite --json`).</summary>
internal sealed record IngestBenchOptions(
    int Devices,
    int EventsPerDevice,
    int RecordsPerBatch,
    int Window,
    IReadOnlyList<string> Databases,
    bool Json)
{
    public const string Usage =
        "ingest [--devices N=50] [--events PER_DEVICE=2000] [--batch RECORDS=32] [--window BATCHES=2] [--db sqlite|postgresql|both] [--json]";

    public static IngestBenchOptions Parse(string[] args)
    {
        var options = new IngestBenchOptions(50, 2000, 32, 2, ["sqlite"], false);
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
                "--events" => options with { EventsPerDevice = Positive() },
                "--batch" => options with { RecordsPerBatch = Positive() },
                "--window" => options with { Window = Positive() },
                "--db" => options with { Databases = ParseDatabases(Value()) },
                "--json" => options with { Json = true },
                _ => throw new ArgumentException($"Unknown option '{args[i]}'. Usage: {Usage}"),
            };
        }

        if (options.RecordsPerBatch > Firmware.Core.Upload.EventBatchCodec.MaxEntries)
        {
            throw new ArgumentException($"--batch is at most {Firmware.Core.Upload.EventBatchCodec.MaxEntries} records (the batch format's limit).");
        }

        return options;
    }

    private static string[] ParseDatabases(string value) => value switch
    {
        "sqlite" => ["sqlite"],
        "postgresql" or "postgres" => ["postgresql"],
        "both" => ["sqlite", "postgresql"],
        _ => throw new ArgumentException($"--db must be sqlite, postgresql or both, not '{value}'."),
    };
}
