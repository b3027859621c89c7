using EdgeSecurity.Host.Storage;
using EdgeSecurity.Host.Tests.Infrastructure;
using EdgeSecurity.TestSupport;

namespace EdgeSecurity.Host.Tests.Storage;

[Collection(PostgresCollection.Name)]
public sealed class PostgresTelemetryStoreTests(PostgresServer server) : TelemetryStoreContract
{
    protected override async Task<ITelemetryStore> OpenStoreAsync() =>
        TelemetryStoreFactory.Postgres(await server.CreateDatabaseAsync());
}
