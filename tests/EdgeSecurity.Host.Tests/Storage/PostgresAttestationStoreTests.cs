using EdgeSecurity.Host.Storage.Postgres;
using EdgeSecurity.Host.Storage.Sql;
using EdgeSecurity.Host.Tests.Infrastructure;
using EdgeSecurity.TestSupport;

namespace EdgeSecurity.Host.Tests.Storage;

[Collection(PostgresCollection.Name)]
public sealed class PostgresAttestationStoreTests(PostgresServer server) : AttestationStoreContract
{
    private protected override async Task<SqlDialect> OpenDialectAsync() =>
        new PostgresDialect(await server.CreateDatabaseAsync());
}
