using EdgeSecurity.Host.Storage.Sql;
using EdgeSecurity.Host.Storage.Sqlite;

namespace EdgeSecurity.Host.Tests.Storage;

public sealed class SqliteAttestationStoreTests : AttestationStoreContract, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("es-sqlite-att-").FullName;

    private protected override Task<SqlDialect> OpenDialectAsync() =>
        Task.FromResult<SqlDialect>(new SqliteDialect(Path.Combine(_dir, "attestation.db")));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }
}
