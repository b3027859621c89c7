using EdgeSecurity.Host.Storage;
using EdgeSecurity.Host.Tests.Infrastructure;
using EdgeSecurity.TestSupport;

namespace EdgeSecurity.Host.Tests.Storage;

[Collection(PostgresCollection.Name)]
public sealed class PostgresOtaStoreTests(PostgresServer server) : OtaStoreContract
{
    protected override async Task<ITelemetryStore> OpenStoreAsync() =>
        TelemetryStoreFactory.Postgres(await server.CreateDatabaseAsync());
}
