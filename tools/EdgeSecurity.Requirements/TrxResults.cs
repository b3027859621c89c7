using System.Xml;
using System.Xml.Linq;

namespace EdgeSecurity.Requirements;

/// <summary>
/// Test outcomes read from Visual Studio test results files (.trx, what "dotnet test --logger trx" writes),
/// by test method ("Namespace.Class.Method"): a theory's cases and repeated runs fold into one status,
/// and a failure anywhere wins.
/// </summary>
public sealed class TrxResults
{
    private static readonly XNamespace Ns = "http://microsoft.com/schemas/VisualStudio/TeamTest/2010";

    private readonly Dictionary<string, TestStatus> _byMethod = new(StringComparer.Ordinal);

    /// <summary>How many .trx files were read.</summary>
    public int FileCount { get; private set; }

    /// <summary>Reads every .trx file under <paramref name="directory"/>.</summary>
    /// <exception cref="DirectoryNotFoundException">The directory does not exist.</exception>
    /// <exception cref="InvalidDataException">The directory holds no .trx file, or a file is not a readable trx document.</exception>
    public static TrxResults ReadDirectory(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"results directory does not exist: {directory}");
        }

        var files = Directory.GetFiles(directory, "*.trx", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal).ToList();
        if (files.Count == 0)
        {
            throw new InvalidDataException($"no .trx files in {directory} (write them with: dotnet test --logger trx --results-directory {directory})");
        }

        var results = new TrxResults();
        foreach (var file in files)
        {
            XDocument document;
            try
            {
                document = XDocument.Load(file);
            }
            catch (XmlException e)
            {
                throw new InvalidDataException($"{file} is not a readable trx file: {e.Message}", e);
            }

            results.Add(document, file);
        }

        return results;
    }

    /// <summary>Reads one trx document; <paramref name="source"/> names it in errors.</summary>
    /// <exception cref="InvalidDataException">The document is not a trx TestRun.</exception>
    public void Add(XDocument document, string source)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (document.Root?.Name != Ns + "TestRun")
        {
            throw new InvalidDataException($"{source} is not a trx file: its root element is not TestRun in {Ns.NamespaceName}");
        }

        var methodsById = document.Root.Descendants(Ns + "UnitTest")
            .Select(test => (id: (string?)test.Attribute("id"), method: test.Element(Ns + "TestMethod")))
            .Where(test => test.id is not null && test.method is not null)
            .GroupBy(test => test.id!, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => MethodName(group.First().method!), StringComparer.Ordinal);

        foreach (var result in document.Root.Descendants(Ns + "UnitTestResult"))
        {
            var testId = (string?)result.Attribute("testId");
            var name = testId is not null && methodsById.TryGetValue(testId, out var known)
                ? known
                : WithoutArguments((string?)result.Attribute("testName"));
            if (name is null)
            {
                throw new InvalidDataException($"{source}: a UnitTestResult has neither a known testId nor a testName");
            }

            Record(name, Outcome((string?)result.Attribute("outcome")));
        }

        FileCount++;
    }

    /// <summary>The status of a test method; <see cref="TestStatus.NotRun"/> when no result names it.</summary>
    public TestStatus StatusOf(string fullMethodName) =>
        _byMethod.TryGetValue(fullMethodName, out var status) ? status : TestStatus.NotRun;

    private void Record(string name, TestStatus outcome)
    {
        _byMethod[name] = _byMethod.TryGetValue(name, out var earlier) ? Fold(earlier, outcome) : outcome;
    }

    private static TestStatus Fold(TestStatus a, TestStatus b) =>
        a == TestStatus.Failed || b == TestStatus.Failed ? TestStatus.Failed
        : a == TestStatus.Passed || b == TestStatus.Passed ? TestStatus.Passed
        : TestStatus.NotRun;

    private static TestStatus Outcome(string? outcome) => outcome switch
    {
        "Passed" => TestStatus.Passed,
        "Failed" or "Error" or "Timeout" or "Aborted" => TestStatus.Failed,
        _ => TestStatus.NotRun,
    };

    private static string MethodName(XElement testMethod) =>
        (string?)testMethod.Attribute("className") + "." + (string?)testMethod.Attribute("name");

    /// <summary>"Ns.C.M(x: 1)" (a theory case) is a case of "Ns.C.M".</summary>
    private static string? WithoutArguments(string? testName)
    {
        var open = testName?.IndexOf('(', StringComparison.Ordinal) ?? -1;
        return open < 0 ? testName : testName![..open];
    }
}
