using System.Xml.Linq;

namespace EdgeSecurity.Requirements.Tests;

public class TrxResultsTests
{
    private const string HandWritten = """
        <?xml version="1.0" encoding="UTF-8"?>
        <TestRun id="6c1c6d52-0000-0000-0000-000000000000" name="ci" runUser="ci" xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010">
          <Results>
            <UnitTestResult executionId="e1" testId="t1" testName="N.C.Passes" computerName="ci" duration="00:00:00.01" outcome="Passed" testListId="l" />
            <UnitTestResult executionId="e2" testId="t2" testName="N.C.Theory(x: 1)" computerName="ci" outcome="Passed" testListId="l" />
            <UnitTestResult executionId="e3" testId="t3" testName="N.C.Theory(x: 2)" computerName="ci" outcome="Failed" testListId="l">
              <Output><ErrorInfo><Message>Assert.Equal() Failure</Message></ErrorInfo></Output>
            </UnitTestResult>
            <UnitTestResult executionId="e4" testId="t4" testName="N.C.Skipped" computerName="ci" outcome="NotExecuted" testListId="l" />
          </Results>
          <TestDefinitions>
            <UnitTest name="N.C.Passes" storage="c.dll" id="t1"><Execution id="e1" /><TestMethod codeBase="c.dll" adapterTypeName="executor://xunit/" className="N.C" name="Passes" /></UnitTest>
            <UnitTest name="N.C.Theory(x: 1)" storage="c.dll" id="t2"><Execution id="e2" /><TestMethod codeBase="c.dll" className="N.C" name="Theory" /></UnitTest>
            <UnitTest name="N.C.Theory(x: 2)" storage="c.dll" id="t3"><Execution id="e3" /><TestMethod codeBase="c.dll" className="N.C" name="Theory" /></UnitTest>
            <UnitTest name="N.C.Skipped" storage="c.dll" id="t4"><Execution id="e4" /><TestMethod codeBase="c.dll" className="N.C" name="Skipped" /></UnitTest>
          </TestDefinitions>
        </TestRun>
        """;

    [Fact]
    public void Outcomes_are_read_per_test_method_and_one_failing_case_fails_the_method()
    {
        var results = new TrxResults();
        results.Add(XDocument.Parse(HandWritten), "hand.trx");

        Assert.Equal(TestStatus.Passed, results.StatusOf("N.C.Passes"));
        Assert.Equal(TestStatus.Failed, results.StatusOf("N.C.Theory"));
        Assert.Equal(TestStatus.NotRun, results.StatusOf("N.C.Skipped"));
        Assert.Equal(TestStatus.NotRun, results.StatusOf("N.C.NeverSeen"));
        Assert.Equal(1, results.FileCount);
    }

    [Fact]
    public void A_result_without_a_definition_falls_back_to_its_test_name()
    {
        var results = new TrxResults();
        results.Add(XDocument.Parse("""
            <TestRun xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010">
              <Results><UnitTestResult testName="N.C.Case(a: 1)" outcome="Passed" /></Results>
            </TestRun>
            """), "bare.trx");
        Assert.Equal(TestStatus.Passed, results.StatusOf("N.C.Case"));
    }

    [Fact]
    public void Several_files_are_merged_and_a_failure_in_any_run_wins()
    {
        using var repo = new FixtureRepository();
        repo.Write("results/a.trx", FixtureRepository.Trx(("N.C", "M", "Passed")));
        repo.Write("results/sub/b.trx", FixtureRepository.Trx(("N.C", "M", "Failed"), ("N.C", "Other", "Passed")));

        var results = TrxResults.ReadDirectory(repo.ResultsDirectory);

        Assert.Equal(2, results.FileCount);
        Assert.Equal(TestStatus.Failed, results.StatusOf("N.C.M"));
        Assert.Equal(TestStatus.Passed, results.StatusOf("N.C.Other"));
    }

    [Theory]
    [InlineData("not xml at all", "not a readable trx")]
    [InlineData("<TestRun />", "not a trx file")]
    public void Unreadable_files_are_rejected_with_the_file_named(string content, string expected)
    {
        using var repo = new FixtureRepository();
        repo.Write("results/broken.trx", content);

        var error = Assert.Throws<InvalidDataException>(() => TrxResults.ReadDirectory(repo.ResultsDirectory));

        Assert.Contains("broken.trx", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_results_folder_without_trx_files_is_an_error()
    {
        using var repo = new FixtureRepository();
        Directory.CreateDirectory(repo.ResultsDirectory);
        var error = Assert.Throws<InvalidDataException>(() => TrxResults.ReadDirectory(repo.ResultsDirectory));
        Assert.Contains("no .trx files", error.Message, StringComparison.Ordinal);
    }
}
