using EdgeSecurity.Host.Configuration;
using EdgeSecurity.Host.Tests.Support;

namespace EdgeSecurity.Host.Tests.Ingest;

[Collection(HostTestCollection.Name)]
public sealed class SqliteIngestTests(TestFleet fleet) : IngestContract(fleet)
{
    protected override Task<EdgeSecurityHostOptions> OptionsAsync() => Task.FromResult(HostFactory.Options(Fleet));
}
