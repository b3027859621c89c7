using EdgeSecurity.Host.Storage.Postgres;
using EdgeSecurity.Host.Storage.Sql;
using EdgeSecurity.Host.Storage.Sqlite;

namespace EdgeSecurity.Host.Storage;

/// <summary>Opens the configured store: SQLite at a file path (the embedded default) or PostgreSQL.</summary>
public static class TelemetryStoreFactory
{
    public static ITelemetryStore Sqlite(string databasePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(databasePath);
        var directory = Path.GetDirectoryName(Path.GetFullPath(databasePath));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        return new SqlTelemetryStore(new SqliteDialect(databasePath));
    }

    public static ITelemetryStore Postgres(string connectionString)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        return new SqlTelemetryStore(new PostgresDialect(connectionString));
    }

    /// <summary>From configuration: provider "sqlite" (with a path) or "postgresql" (with a connection string).</summary>
    public static ITelemetryStore Create(string provider, string target) => provider.ToUpperInvariant() switch
    {
        "SQLITE" => Sqlite(target),
        "POSTGRESQL" or "POSTGRES" => Postgres(target),
        _ => throw new ArgumentException($"Unknown storage provider '{provider}': use 'sqlite' or 'postgresql'.", nameof(provider)),
    };
}
