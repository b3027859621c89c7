using EdgeSecurity.Host.Ingest;

namespace EdgeSecurity.Host.Tests.Ingest;

/// <summary>The severity names the API shows and its <c>minSeverity</c> filter takes (docs/api.md: 0–4 or info … critical).</summary>
public sealed class SeverityNamesTests
{
    [Fact]
    [Trait("Requirement", "SR-API-009")]
    public void Each_level_has_its_documented_name_both_ways_and_an_unknown_level_reads_as_its_number()
    {
        string[] documented = ["info", "notice", "warning", "error", "critical"];

        Assert.Equal(documented, Enumerable.Range(0, 5).Select(SeverityNames.NameOf));
        Assert.Equal(Enumerable.Range(0, 5), documented.Select(n => SeverityNames.ByName[n]));
        Assert.Equal(SeverityNames.Highest, documented.Length - 1);
        Assert.Equal("severity-5", SeverityNames.NameOf(5));
        Assert.Equal("severity--1", SeverityNames.NameOf(-1));
    }
}
