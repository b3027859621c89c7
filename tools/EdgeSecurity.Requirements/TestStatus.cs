namespace EdgeSecurity.Requirements;

/// <summary>What test results say about one test method (all its cases together).</summary>
public enum TestStatus
{
    /// <summary>No results were given to the tool.</summary>
    Unknown,

    /// <summary>Every executed case passed.</summary>
    Passed,

    /// <summary>At least one case failed, errored, timed out or was aborted.</summary>
    Failed,

    /// <summary>Results were given but the test is not in them, or it was skipped.</summary>
    NotRun,
}
