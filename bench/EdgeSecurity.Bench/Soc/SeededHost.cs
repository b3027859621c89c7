using System.Diagnostics;
using EdgeSecurity.Bench.Ingest;
using EdgeSecurity.Host.Api;
using EdgeSecurity.Host.Configuration;
using EdgeSecurity.Host.Hosting;
using EdgeSecurity.Host.Storage;
using EdgeSecurity.Pki;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EdgeSecurity.Bench.Soc;

/// <summary>
/// The real host (Kestrel on loopback, this process) over a database seeded with a <see cref="SocDataSet"/> by
/// <see cref="SocSeeder"/>, and an admin token for it: what the SOC bench and the console bench measure against.
/// Disposing stops the host, the database and deletes the data.
/// </summary>
internal sealed class SeededHost : IAsyncDisposable
{
    private readonly string _root;
    private readonly BenchDatabase _database;

    private SeededHost(string root, BenchDatabase database, RunningHost host, string token, SocDataSet data, IReadOnlyDictionary<string, long> rows, double seedSeconds)
    {
        _root = root;
        _database = database;
        Host = host;
        Token = token;
        Data = data;
        Rows = rows;
        SeedSeconds = seedSeconds;
    }

    public RunningHost Host { get; }

    /// <summary>An admin API token (the console bench types it into the sign-in form).</summary>
    public string Token { get; }

    public SocDataSet Data { get; }

    public IReadOnlyDictionary<string, long> Rows { get; }

    public double SeedSeconds { get; }

    public static async Task<SeededHost> StartAsync(string provider, int devices, int events, Action<string> progress)
    {
        var root = Directory.CreateTempSubdirectory("edgesec-soc-bench-").FullName;
        BenchDatabase? database = null;
        try
        {
            var pki = Path.Combine(root, "pki");
            FleetPki.Initialize(new PkiInitOptions { Directory = pki });
            var dataDirectory = Path.Combine(root, "host-" + provider);
            database = await BenchDatabase.CreateAsync(provider, dataDirectory).ConfigureAwait(false);
            var hostOptions = new EdgeSecurityHostOptions { DataDirectory = dataDirectory, PkiDirectory = pki };
            hostOptions.Urls.Add("http://127.0.0.1:0");

            // No device sends heartbeats here, so the silence sweeper would raise an alert for every device in the
            // middle of the measurement; a live fleet's heartbeats keep it quiet. It runs on its interval, not at start.
            hostOptions.SilenceSweepInterval = TimeSpan.FromDays(1);
            database.Configure(hostOptions.Storage);

            // First start: the host creates the schema (every migration), then stops so the load sees no other writer.
            await (await StartHostAsync(hostOptions).ConfigureAwait(false)).DisposeAsync().ConfigureAwait(false);
            var data = new SocDataSet(devices, events, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            var seedClock = Stopwatch.StartNew();
            var rows = await SocSeeder.SeedAsync(provider, database.Target, data, line => progress($"[{provider}] {line}")).ConfigureAwait(false);
            var seedSeconds = seedClock.Elapsed.TotalSeconds;

            var host = await StartHostAsync(hostOptions).ConfigureAwait(false);
            var token = await new ApiTokenIssuer(host.Services.GetRequiredService<ITelemetryStore>(), TimeProvider.System).CreateAsync("soc-bench", ApiRole.Admin, "bench", CancellationToken.None).ConfigureAwait(false);
            if (token is null)
            {
                await host.DisposeAsync().ConfigureAwait(false);
                throw new InvalidOperationException("The bench token name is taken in a fresh database.");
            }

            return new SeededHost(root, database, host, token, data, rows, Math.Round(seedSeconds, 1));
        }
        catch
        {
            if (database is not null)
            {
                await database.DisposeAsync().ConfigureAwait(false);
            }

            Directory.Delete(root, recursive: true);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync().ConfigureAwait(false);
        await _database.DisposeAsync().ConfigureAwait(false);
        Directory.Delete(_root, recursive: true);
    }

    private static Task<RunningHost> StartHostAsync(EdgeSecurityHostOptions options) =>
        EdgeSecurityHost.StartAsync(options, CancellationToken.None, builder => builder.Logging.ClearProviders().AddConsole(c => c.LogToStandardErrorThreshold = LogLevel.Trace).SetMinimumLevel(LogLevel.Warning));
}
