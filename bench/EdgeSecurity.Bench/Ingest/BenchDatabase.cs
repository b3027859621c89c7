using EdgeSecurity.Host.Configuration;
using EdgeSecurity.TestSupport;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace EdgeSecurity.Bench.Ingest;

/// <summary>
/// The store under test, configured durably: SQLite in the host's data directory (WAL, synchronous=FULL,
/// the host's own settings) or a fresh local PostgreSQL cluster with fsync and synchronous commit on.
/// Counts the stored rows directly, so the result does not rest on the host's own bookkeeping.
/// </summary>
internal sealed class BenchDatabase : IAsyncDisposable
{
    private readonly LocalPostgres? _postgres;
    private readonly string _target;

    private BenchDatabase(string provider, string target, LocalPostgres? postgres)
    {
        Provider = provider;
        _target = target;
        _postgres = postgres;
    }

    public string Provider { get; }

    /// <summary>The SQLite file or the PostgreSQL connection string, for tools that load the database directly.</summary>
    public string Target => _target;

    public static async Task<BenchDatabase> CreateAsync(string provider, string dataDirectory)
    {
        if (provider == "sqlite")
        {
            return new BenchDatabase(provider, Path.Combine(dataDirectory, "edgesec.db"), null);
        }

        var postgres = new LocalPostgres(durable: true);
        try
        {
            await postgres.StartAsync().ConfigureAwait(false);
            return new BenchDatabase(provider, await postgres.CreateDatabaseAsync().ConfigureAwait(false), postgres);
        }
        catch
        {
            await postgres.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>A fresh database on a PostgreSQL server the caller owns and shares between runs (not stopped on dispose).</summary>
    public static async Task<BenchDatabase> CreateOnServerAsync(LocalPostgres server)
    {
        ArgumentNullException.ThrowIfNull(server);
        // With the error detail a deadlock between host instances names its rows in the host's log (bench data only).
        return new BenchDatabase("postgresql", await server.CreateDatabaseAsync().ConfigureAwait(false) + ";Include Error Detail=true", null);
    }

    public void Configure(StorageOptions storage)
    {
        storage.Provider = Provider;
        if (Provider == "sqlite")
        {
            storage.SqlitePath = _target;
        }
        else
        {
            storage.ConnectionString = _target;
        }
    }

    public async Task<long> CountEventsAsync()
    {
        if (Provider == "sqlite")
        {
            await using var sqlite = new SqliteConnection($"Data Source={_target};Mode=ReadOnly");
            await sqlite.OpenAsync().ConfigureAwait(false);
            await using var count = sqlite.CreateCommand();
            count.CommandText = "SELECT COUNT(*) FROM events";
            return (long)(await count.ExecuteScalarAsync().ConfigureAwait(false))!;
        }

        await using var connection = new NpgsqlConnection(_target);
        await connection.OpenAsync().ConfigureAwait(false);
        await using var command = new NpgsqlCommand("SELECT COUNT(*) FROM events", connection);
        return (long)(await command.ExecuteScalarAsync().ConfigureAwait(false))!;
    }

    public async ValueTask DisposeAsync()
    {
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync().ConfigureAwait(false);
        }
    }
}
