using EdgeSecurity.Host.Storage;
using EdgeSecurity.Host.Storage.Postgres;
using EdgeSecurity.Host.Storage.Sql;
using EdgeSecurity.Host.Tests.Infrastructure;
using EdgeSecurity.TestSupport;

namespace EdgeSecurity.Host.Tests.Storage;

[Collection(PostgresCollection.Name)]
public sealed class PostgresTelemetryStoreTests(PostgresServer server) : TelemetryStoreContract
{
    private string? _connection;

    protected override async Task<ITelemetryStore> OpenStoreAsync() =>
        TelemetryStoreFactory.Postgres(_connection = await server.CreateDatabaseAsync());

    private protected override SqlDialect DialectOfStore() => new PostgresDialect(_connection ?? throw new InvalidOperationException("Store not opened."));

    private protected override async Task<SqlDialect> OpenEmptyDatabaseAsync() =>
        new PostgresDialect(await server.CreateDatabaseAsync());
}
