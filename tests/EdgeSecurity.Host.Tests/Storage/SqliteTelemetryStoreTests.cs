using EdgeSecurity.Host.Storage;
using EdgeSecurity.Host.Storage.Sql;
using EdgeSecurity.Host.Storage.Sqlite;

namespace EdgeSecurity.Host.Tests.Storage;

public sealed class SqliteTelemetryStoreTests : TelemetryStoreContract, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("es-sqlite-").FullName;

    protected override Task<ITelemetryStore> OpenStoreAsync() =>
        Task.FromResult(TelemetryStoreFactory.Sqlite(Path.Combine(_dir, "telemetry.db")));

    private protected override SqlDialect DialectOfStore() => new SqliteDialect(Path.Combine(_dir, "telemetry.db"));

    private protected override Task<SqlDialect> OpenEmptyDatabaseAsync() =>
        Task.FromResult<SqlDialect>(new SqliteDialect(Path.Combine(_dir, "empty.db")));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }
}
