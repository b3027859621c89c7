namespace EdgeSecurity.Requirements.Tests;

public class TestScannerTests
{
    [Fact]
    public void Only_test_methods_with_requirement_traits_are_traced_with_every_id_they_name()
    {
        var scan = TestScanner.ScanSource("tests/Fixture.Tests/BootTests.cs", FixtureRepository.BootTests);

        Assert.Equal(
            ["Fixture.Tests.BootTests.Unsigned_bundle_is_refused", "Fixture.Tests.BootTests.Counter_never_goes_back", "Fixture.Tests.BootTests.Typo_in_the_id"],
            scan.Tests.Select(t => t.FullName));
        Assert.Equal(["SR-BOOT-001", "SR-BOOT-002"], scan.Tests[1].RequirementIds);
        Assert.Equal(9, scan.Tests[0].Line);
        Assert.Empty(scan.Problems);
    }

    [Fact]
    public void A_class_trait_applies_to_every_test_of_the_class_and_not_to_helpers()
    {
        var scan = TestScanner.ScanSource("x.cs", """
            namespace N
            {
                [Xunit.Trait("Requirement", "SR-EVT-001")]
                public class JournalTests
                {
                    [Xunit.FactAttribute]
                    public void Appends() { }

                    [Theory, Trait("Requirement", "SR-EVT-002")]
                    public void Chains(int n) { }

                    private void Helper() { }
                }
            }
            """);

        Assert.Equal(["N.JournalTests.Appends", "N.JournalTests.Chains"], scan.Tests.Select(t => t.FullName));
        Assert.Equal(["SR-EVT-001"], scan.Tests[0].RequirementIds);
        Assert.Equal(["SR-EVT-001", "SR-EVT-002"], scan.Tests[1].RequirementIds);
    }

    [Fact]
    public void A_test_of_an_abstract_contract_is_traced_to_every_concrete_class_that_runs_it()
    {
        var scan = TestScanner.ScanSource("x.cs", """
            namespace N
            {
                public abstract class StoreContract
                {
                    [Fact, Trait("Requirement", "SR-EVT-STORE-001")]
                    public void Stores_once() { }
                }

                public abstract class SqlContract : StoreContract { }

                public sealed class SqliteStoreTests : SqlContract { }

                public sealed class PostgresStoreTests : N.StoreContract { }
            }
            """);

        Assert.Equal(
            ["N.PostgresStoreTests.Stores_once", "N.SqliteStoreTests.Stores_once"],
            scan.Tests.Select(t => t.FullName).Order(StringComparer.Ordinal));
        Assert.All(scan.Tests, t => Assert.Equal(["SR-EVT-STORE-001"], t.RequirementIds));
    }

    [Fact]
    public void Nested_classes_are_named_as_test_results_name_them()
    {
        var scan = TestScanner.ScanSource("x.cs", """
            namespace A.B;
            public class Outer
            {
                public class Inner
                {
                    [Fact, Trait("Requirement", "SR-X-1")]
                    public void Works() { }
                }
            }
            """);
        Assert.Equal("A.B.Outer+Inner.Works", Assert.Single(scan.Tests).FullName);
    }

    [Fact]
    public void A_trait_value_that_is_not_a_literal_is_reported_not_ignored()
    {
        var scan = TestScanner.ScanSource("tests/x.cs", """
            public class T
            {
                private const string Id = "SR-X-1";

                [Fact]
                [Trait("Requirement", Id)]
                public void Works() { }
            }
            """);
        Assert.Empty(scan.Tests);
        var problem = Assert.Single(scan.Problems);
        Assert.Equal(("tests/x.cs", 6), (problem.File, problem.Line));
        Assert.Contains("string literal", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_output_folders_are_skipped_and_paths_are_relative_to_the_repository()
    {
        using var repo = new FixtureRepository();
        repo.Write("tests/Fixture.Tests/obj/Debug/Copy.cs", FixtureRepository.BootTests.Replace("class BootTests", "class CopyTests", StringComparison.Ordinal));

        var scan = TestScanner.ScanDirectory(Path.Combine(repo.Root, "tests"), repo.Root);

        Assert.Equal(3, scan.Tests.Count);
        Assert.All(scan.Tests, t => Assert.Equal("tests/Fixture.Tests/BootTests.cs", t.File));
    }
}
