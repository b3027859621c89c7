using EdgeSecurity.Host.Storage;
using EdgeSecurity.Host.Storage.Postgres;
using EdgeSecurity.Host.Storage.Sql;
using EdgeSecurity.Host.Tests.Infrastructure;
using EdgeSecurity.TestSupport;

namespace EdgeSecurity.Host.Tests.Storage;

[Collection(PostgresCollection.Name)]
public sealed class PostgresTelemetryStoreTests(PostgresServer server) : TelemetryStoreContract
{
    protected override async Task<ITelemetryStore> OpenStoreAsync() =>
        TelemetryStoreFactory.Postgres(await server.CreateDatabaseAsync());

    private protected override async Task<SqlDialect> OpenEmptyDatabaseAsync() =>
        new PostgresDialect(await server.CreateDatabaseAsync());
}
