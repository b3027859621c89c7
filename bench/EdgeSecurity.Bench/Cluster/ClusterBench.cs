using System.Diagnostics;
using System.Text.Json;
using EdgeSecurity.Bench.Ingest;

namespace EdgeSecurity.Bench.Cluster;

/// <summary>
/// The clustered-broker measurements (docs/scale-out.md "Measured"): durable ingest rate per host count and
/// broker, connections and memory per connection, failover time. Progress goes to standard error, the results
/// (a table, or JSON with --json) to standard output.
/// Run: dotnet run -c Release --project bench/EdgeSecurity.Bench -- cluster ingest --devices 50 --json
/// </summary>
internal static class ClusterBench
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static async Task<int> RunAsync(string[] args)
    {
        ClusterBenchOptions options;
        try
        {
            options = ClusterBenchOptions.Parse(args);
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
            return 2;
        }

        var enrolling = Stopwatch.StartNew();
        using var fleet = BenchFleet.Create(options.Devices);
        IngestBench.Progress($"fleet: {options.Devices} devices enrolled in {enrolling.Elapsed.TotalSeconds:F1} s");
        object results = options.Measurement switch
        {
            "ingest" => await ClusterIngestBench.RunAsync(options, fleet).ConfigureAwait(false),
            "connections" => await ConnectionBench.RunAsync(options, fleet).ConfigureAwait(false),
            _ => await FailoverBench.RunAsync(options, fleet).ConfigureAwait(false),
        };
        Console.WriteLine(JsonSerializer.Serialize(results, JsonOptions));
        return 0;
    }
}
