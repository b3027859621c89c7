using EdgeSecurity.Host.Configuration;
using EdgeSecurity.Host.Tests.Support;

namespace EdgeSecurity.Host.Tests.Alerts;

[Collection(HostTestCollection.Name)]
public sealed class SqliteHostAlertLifecycleTests(TestFleet fleet) : HostAlertLifecycleContract(fleet)
{
    protected override Task<EdgeSecurityHostOptions> OptionsAsync() => Task.FromResult(HostFactory.Options(Fleet));
}
