using EdgeSecurity.Host.Configuration;
using EdgeSecurity.Host.Tests.Support;
using EdgeSecurity.TestSupport;

namespace EdgeSecurity.Host.Tests.Alerts;

[Collection(HostTestCollection.Name)]
public sealed class PostgresHostAlertLifecycleTests(TestFleet fleet, PostgresServer postgres) : HostAlertLifecycleContract(fleet)
{
    protected override async Task<EdgeSecurityHostOptions> OptionsAsync() => HostFactory.Options(Fleet, await postgres.CreateDatabaseAsync());
}
