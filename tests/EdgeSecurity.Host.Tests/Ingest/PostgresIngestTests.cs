using EdgeSecurity.Host.Configuration;
using EdgeSecurity.Host.Tests.Support;
using EdgeSecurity.TestSupport;

namespace EdgeSecurity.Host.Tests.Ingest;

[Collection(HostTestCollection.Name)]
public sealed class PostgresIngestTests(TestFleet fleet, PostgresServer postgres) : IngestContract(fleet)
{
    protected override async Task<EdgeSecurityHostOptions> OptionsAsync() => HostFactory.Options(Fleet, await postgres.CreateDatabaseAsync());
}
