namespace EdgeSecurity.Requirements;

/// <summary>
/// A test method that names requirements with [Trait("Requirement", ...)]. <see cref="ClassName"/> is the
/// full type name as test results report it ("Ns.Outer+Inner"); <see cref="File"/> is relative to the repository.
/// </summary>
public sealed record TracedTest(string ClassName, string MethodName, string File, int Line, IReadOnlyList<string> RequirementIds)
{
    public string FullName => ClassName + "." + MethodName;
}

/// <summary>A Requirement trait the scanner could not read, e.g. a value that is not a string literal.</summary>
public sealed record TraitProblem(string File, int Line, string Message);

/// <summary>What a scan of test sources found.</summary>
public sealed record TestScan(IReadOnlyList<TracedTest> Tests, IReadOnlyList<TraitProblem> Problems);

/// <summary>A class declared in the test sources and the simple names of its base types, so tests declared
/// in an abstract base (a contract run once per database, say) can be traced to the classes that run them.</summary>
public sealed record TestClass(string FullName, string SimpleName, bool IsAbstract, IReadOnlyList<string> BaseSimpleNames);
