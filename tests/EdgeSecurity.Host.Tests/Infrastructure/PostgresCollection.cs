using EdgeSecurity.TestSupport;

namespace EdgeSecurity.Host.Tests.Infrastructure;

/// <summary>One PostgreSQL server (tests/EdgeSecurity.TestSupport) for the store tests; xunit needs the definition in this assembly.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "postgres";
}
