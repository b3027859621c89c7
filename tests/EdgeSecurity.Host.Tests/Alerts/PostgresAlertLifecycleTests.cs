using EdgeSecurity.Host.Storage;
using EdgeSecurity.Host.Tests.Infrastructure;
using EdgeSecurity.TestSupport;

namespace EdgeSecurity.Host.Tests.Alerts;

[Collection(PostgresCollection.Name)]
public sealed class PostgresAlertLifecycleTests(PostgresServer server) : AlertLifecycleContract
{
    protected override async Task<ITelemetryStore> OpenStoreAsync() =>
        TelemetryStoreFactory.Postgres(await server.CreateDatabaseAsync());
}
