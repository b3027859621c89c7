using EdgeSecurity.TestSupport;

namespace EdgeSecurity.Host.Tests.Support;

/// <summary>Tests that start whole hosts (mosquitto, PostgreSQL) share one fleet and one database server and run one after the other.</summary>
[CollectionDefinition(Name)]
public sealed class HostTestCollection : ICollectionFixture<TestFleet>, ICollectionFixture<PostgresServer>
{
    public const string Name = "host";
}
