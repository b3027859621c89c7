using FsCheck;
using FsCheck.Fluent;

namespace EdgeSecurity.Requirements.Tests;

public class RequirementsDocumentTests
{
    [Fact]
    public void Rows_with_an_id_are_read_under_any_heading_and_other_tables_are_ignored()
    {
        var requirements = RequirementsDocument.Parse(FixtureRepository.Requirements);

        Assert.Equal(["SR-BOOT-001", "SR-BOOT-002", "SR-EVT-001"], requirements.Select(r => r.Id));
        var first = requirements[0];
        Assert.Equal("Boot only signed bundles", first.Text);
        Assert.Equal("IEC 62443-4-2 EDR 3.14", first.Standards);
        Assert.Equal("Verified boot (SR-BOOT)", first.Section);
        Assert.Equal("Events (SR-EVT)", requirements[2].Section);
        Assert.Equal(13, first.Line);
    }

    [Fact]
    public void Escaped_pipes_stay_in_the_text_and_windows_line_ends_are_accepted()
    {
        var requirements = RequirementsDocument.Parse("## S\r\n| SR-X-1 | a \\| b | std |\r\n");
        var only = Assert.Single(requirements);
        Assert.Equal("a | b", only.Text);
        Assert.Equal("std", only.Standards);
    }

    [Fact]
    public void Ids_listed_twice_are_reported_as_duplicates()
    {
        var requirements = RequirementsDocument.Parse("| SR-A-1 | x | |\n| SR-A-2 | y | |\n| SR-A-1 | z | |\n");
        Assert.Equal(["SR-A-1"], RequirementsDocument.Duplicates(requirements));
    }

    [Theory]
    [InlineData("SR-BOOT-001", true)]
    [InlineData("SR-PKI2-10", true)]
    [InlineData("SR-EVT-HOST-001", true)]
    [InlineData("SR-EVT--001", false)]
    [InlineData("SR-EVT-host-001", false)]
    [InlineData("SR-boot-001", false)]
    [InlineData("SR-BOOT", false)]
    [InlineData("BOOT-001", false)]
    [InlineData("SR-BOOT-001x", false)]
    [InlineData("SR-BOOT-001\n", false)]
    public void Id_shape_is_checked(string id, bool wellFormed) => Assert.Equal(wellFormed, RequirementIds.IsWellFormed(id));

    [Fact]
    public void Any_table_of_generated_requirements_reads_back_exactly()
    {
        var cellText = ArbMap.Default.GeneratorFor<NonEmptyString>()
            .Select(s => new string(s.Get.Where(c => c is not ('|' or '\\' or '\n' or '\r')).ToArray()).Trim())
            .Where(s => s.Length > 0);
        var rows = Gen.Zip(Gen.Choose(0, 999), cellText).ListOf().Select(list => list.DistinctBy(r => r.Item1).ToList());

        var property = Prop.ForAll(rows.ToArbitrary(), list =>
        {
            var markdown = "## Section\n| ID | requirement | standards |\n|---|---|---|\n" +
                string.Concat(list.Select(r => $"| SR-GEN-{r.Item1} | {r.Item2} | std |\n"));
            var parsed = RequirementsDocument.Parse(markdown);
            return parsed.Select(p => (p.Id, p.Text)).SequenceEqual(list.Select(r => ($"SR-GEN-{r.Item1}", r.Item2)));
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(200), property);
    }
}
