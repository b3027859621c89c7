using EdgeSecurity.Host.Storage;
using Microsoft.Data.Sqlite;

namespace EdgeSecurity.Host.Tests.Support;

/// <summary>
/// A real SQLite telemetry store in a temporary directory of its own, for tests that run host parts in process. The
/// directory also holds what else the test writes (key files, a fleet registry); disposing closes the store, drops the
/// pooled connections that would keep the file open, and deletes the directory.
/// </summary>
internal sealed class TemporarySqliteStore : IAsyncDisposable
{
    public TemporarySqliteStore(string directoryPrefix)
    {
        Directory = System.IO.Directory.CreateTempSubdirectory(directoryPrefix).FullName;
        DatabasePath = Path.Combine(Directory, "telemetry.db");
        Store = TelemetryStoreFactory.Sqlite(DatabasePath);
    }

    public string Directory { get; }

    public string DatabasePath { get; }

    public ITelemetryStore Store { get; }

    /// <summary>Creates the schema; call once before the store is used.</summary>
    public Task MigrateAsync() => Store.MigrateAsync(CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        SqliteConnection.ClearAllPools();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
