using EdgeSecurity.Host.Storage.Sql;
using EdgeSecurity.Host.Storage.Sqlite;

namespace EdgeSecurity.Host.Tests.Storage;

public sealed class SqliteOtaStoreTests : OtaStoreContract, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("es-sqlite-ota-").FullName;

    private protected override Task<SqlDialect> OpenDialectAsync() =>
        Task.FromResult<SqlDialect>(new SqliteDialect(Path.Combine(_dir, "ota.db")));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }
}
