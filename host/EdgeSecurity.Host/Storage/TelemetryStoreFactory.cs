using EdgeSecurity.Host.Storage.Postgres;
using EdgeSecurity.Host.Storage.Sql;
using EdgeSecurity.Host.Storage.Sqlite;
using EdgeSecurity.Pki.Storage;

namespace EdgeSecurity.Host.Storage;

/// <summary>Opens the configured store: SQLite at a file path (the embedded default) or PostgreSQL.</summary>
public static class TelemetryStoreFactory
{
    public static ITelemetryStore Sqlite(string databasePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(databasePath);
        var directory = Path.GetDirectoryName(Path.GetFullPath(databasePath));
        if (directory is not null && !Directory.Exists(directory))
        {
            // A folder the host creates is its own; an existing one (say /var/lib) is the operator's to set.
            SecureFiles.CreateOwnerOnlyDirectory(directory);
        }

        RestrictDatabaseFiles(databasePath);
        return new SqlTelemetryStore(new SqliteDialect(databasePath));
    }

    public static ITelemetryStore Postgres(string connectionString)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        return new SqlTelemetryStore(new PostgresDialect(connectionString));
    }

    /// <summary>
    /// The database holds every device's events: only the host's user may read it. SQLite creates files with
    /// 0644 (less the umask) but gives its write-ahead log, shared-memory and journal files the mode of the
    /// database file, so creating that file owner-only (or tightening an existing one) covers them all; the
    /// companions that already exist are tightened too.
    /// </summary>
    private static void RestrictDatabaseFiles(string databasePath)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        if (!File.Exists(databasePath))
        {
            using var created = new FileStream(databasePath, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                UnixCreateMode = SecureFiles.OwnerOnlyFile,
            });
        }

        foreach (string file in new[] { databasePath, databasePath + "-wal", databasePath + "-shm", databasePath + "-journal" })
        {
            if (File.Exists(file))
            {
                File.SetUnixFileMode(file, SecureFiles.OwnerOnlyFile);
            }
        }
    }

    /// <summary>From configuration: provider "sqlite" (with a path) or "postgresql" (with a connection string).</summary>
    public static ITelemetryStore Create(string provider, string target) => provider.ToUpperInvariant() switch
    {
        "SQLITE" => Sqlite(target),
        "POSTGRESQL" or "POSTGRES" => Postgres(target),
        _ => throw new ArgumentException($"Unknown storage provider '{provider}': use 'sqlite' or 'postgresql'.", nameof(provider)),
    };
}
