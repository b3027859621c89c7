using System.Text.Json;

namespace EdgeSecurity.Requirements.Tests;

public class CliTests
{
    private const string BootClass = "Fixture.Tests.BootTests";

    [Fact]
    public void The_table_lists_each_requirement_with_its_tests_and_the_gaps()
    {
        using var repo = new FixtureRepository();

        var code = repo.Run(out var output, out var error, "--repo", repo.Root);

        Assert.Equal(RequirementsCli.Ok, code);
        Assert.Equal(string.Empty, error);
        Assert.Contains($"{BootClass}.Unsigned_bundle_is_refused  (tests/Fixture.Tests/BootTests.cs:9)", output, StringComparison.Ordinal);
        Assert.Contains("Requirements without a test (1): SR-EVT-001", output, StringComparison.Ordinal);
        Assert.Contains($"SR-BOT-003 in {BootClass}.Typo_in_the_id", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Untraced", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Fail_on_uncovered_exits_1_when_a_requirement_has_no_test()
    {
        using var repo = new FixtureRepository();
        Assert.Equal(RequirementsCli.Gaps, repo.Run("--repo", repo.Root, "--fail-on-uncovered"));
    }

    [Fact]
    public void Fail_on_uncovered_exits_0_when_everything_is_covered_by_known_ids()
    {
        using var repo = new FixtureRepository();
        repo.Write("tests/Fixture.Tests/BootTests.cs", FixtureRepository.BootTests.Replace("SR-BOT-003", "SR-EVT-001", StringComparison.Ordinal));
        Assert.Equal(RequirementsCli.Ok, repo.Run("--repo", repo.Root, "--fail-on-uncovered"));
    }

    [Fact]
    public void Fail_on_uncovered_also_fails_on_a_trait_naming_an_unknown_id()
    {
        using var repo = new FixtureRepository();
        repo.Write("tests/Fixture.Tests/EventTests.cs", """
            namespace Fixture.Tests;
            public class EventTests { [Fact, Trait("Requirement", "SR-EVT-001")] public void Chained() { } }
            """);
        Assert.Equal(RequirementsCli.Gaps, repo.Run("--repo", repo.Root, "--fail-on-uncovered"));
    }

    [Fact]
    public void With_results_a_failing_test_exits_1_and_is_marked()
    {
        using var repo = new FixtureRepository();
        repo.Write("results/run.trx", FixtureRepository.Trx(
            (BootClass, "Unsigned_bundle_is_refused", "Passed"),
            (BootClass, "Counter_never_goes_back", "Failed")));

        var code = repo.Run(out var output, out _, "--repo", repo.Root, "--results", repo.ResultsDirectory);

        Assert.Equal(RequirementsCli.Gaps, code);
        Assert.Contains($"FAIL    {BootClass}.Counter_never_goes_back", output, StringComparison.Ordinal);
        Assert.Contains($"PASS    {BootClass}.Unsigned_bundle_is_refused", output, StringComparison.Ordinal);
        Assert.Contains("Requirements with a failing test (2): SR-BOOT-001, SR-BOOT-002", output, StringComparison.Ordinal);
    }

    [Fact]
    public void With_results_only_a_passing_test_covers_a_requirement()
    {
        using var repo = new FixtureRepository();
        repo.Write("results/run.trx", FixtureRepository.Trx((BootClass, "Unsigned_bundle_is_refused", "Passed")));

        var code = repo.Run(out var output, out _, "--repo", repo.Root, "--results", repo.ResultsDirectory, "--json");

        Assert.Equal(RequirementsCli.Ok, code);
        using var json = JsonDocument.Parse(output);
        var rows = json.RootElement.GetProperty("requirements").EnumerateArray().ToDictionary(r => r.GetProperty("id").GetString()!);
        Assert.Equal("covered", rows["SR-BOOT-001"].GetProperty("coverage").GetString());
        Assert.Equal("notVerified", rows["SR-BOOT-002"].GetProperty("coverage").GetString());
        Assert.Equal("notRun", rows["SR-BOOT-002"].GetProperty("tests")[0].GetProperty("status").GetString());
        Assert.Equal(["SR-BOOT-002", "SR-EVT-001"], json.RootElement.GetProperty("uncovered").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("SR-BOT-003", json.RootElement.GetProperty("unknownReferences")[0].GetProperty("requirementId").GetString());
        Assert.Equal(RequirementsCli.Gaps, repo.Run("--repo", repo.Root, "--results", repo.ResultsDirectory, "--fail-on-uncovered"));
    }

    [Fact]
    public void Json_without_results_has_the_whole_matrix()
    {
        using var repo = new FixtureRepository();

        Assert.Equal(RequirementsCli.Ok, repo.Run(out var output, out _, "--json", "--repo", repo.Root));

        using var json = JsonDocument.Parse(output);
        Assert.False(json.RootElement.GetProperty("hasResults").GetBoolean());
        var boot = json.RootElement.GetProperty("requirements")[0];
        Assert.Equal("SR-BOOT-001", boot.GetProperty("id").GetString());
        Assert.Equal("IEC 62443-4-2 EDR 3.14", boot.GetProperty("standards").GetString());
        Assert.Equal(2, boot.GetProperty("tests").GetArrayLength());
        Assert.Equal("unknown", boot.GetProperty("tests")[0].GetProperty("status").GetString());
    }

    [Fact]
    public void The_repository_is_found_from_a_folder_below_it()
    {
        using var repo = new FixtureRepository();
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = RequirementsCli.Run([], stdout, stderr, Path.Combine(repo.Root, "tests", "Fixture.Tests"));
        Assert.Equal(RequirementsCli.Ok, code);
        Assert.Contains("SR-BOOT-001", stdout.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--bogus")]
    [InlineData("--repo")]
    [InlineData("--results", "--json")]
    [InlineData("--repo", "/nonexistent/edgesecurity-repo")]
    [InlineData("--results", "/nonexistent/edgesecurity-results")]
    public void Usage_errors_exit_2_with_a_message(params string[] args)
    {
        using var repo = new FixtureRepository();
        var withRepo = args.Contains("--repo") ? args : [.. args, "--repo", repo.Root];

        var code = repo.Run(out var output, out var error, withRepo);

        Assert.Equal(RequirementsCli.UsageError, code);
        Assert.Equal(string.Empty, output);
        Assert.StartsWith("error: ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_prints_usage_and_exit_codes()
    {
        using var repo = new FixtureRepository();
        Assert.Equal(RequirementsCli.Ok, repo.Run(out var output, out _, "--help"));
        Assert.Contains("--fail-on-uncovered", output, StringComparison.Ordinal);
        Assert.Contains("Exit codes", output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_repository_traces_its_own_portability_requirement_to_the_subset_gate()
    {
        var root = RepositoryRoot.Find();

        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        RequirementsCli.Run(["--json", "--repo", root], stdout, stderr, root);

        using var json = JsonDocument.Parse(stdout.ToString());
        var port = json.RootElement.GetProperty("requirements").EnumerateArray().Single(r => r.GetProperty("id").GetString() == "SR-PORT-001");
        Assert.Equal("covered", port.GetProperty("coverage").GetString());
        Assert.Contains(port.GetProperty("tests").EnumerateArray(),
            t => t.GetProperty("name").GetString() == "EdgeSecurity.SubsetCheck.Tests.FirmwareCoreGateTests.Firmware_core_uses_only_the_nanoFramework_1x_subset");
    }
}
