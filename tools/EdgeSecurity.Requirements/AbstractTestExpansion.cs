namespace EdgeSecurity.Requirements;

/// <summary>
/// A test declared in an abstract class never runs under that class's name: the test runner reports it
/// once per concrete subclass ("SqliteTelemetryStoreTests.X", "PostgresTelemetryStoreTests.X"). So a traced
/// test of an abstract class stands for one traced test per concrete descendant, each of which must pass.
/// Base classes are matched by simple name, which is enough within one repository's tests.
/// </summary>
public static class AbstractTestExpansion
{
    public static IReadOnlyList<TracedTest> Expand(IReadOnlyList<TracedTest> tests, IReadOnlyList<TestClass> classes)
    {
        var byFullName = classes.GroupBy(c => c.FullName, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var expanded = new List<TracedTest>();
        foreach (var test in tests)
        {
            if (!byFullName.TryGetValue(test.ClassName, out var declaring) || !declaring.IsAbstract)
            {
                expanded.Add(test);
                continue;
            }

            var concrete = ConcreteDescendants(declaring, classes);
            expanded.AddRange(concrete.Count == 0 ? [test] : concrete.Select(c => test with { ClassName = c.FullName }));
        }

        return expanded;
    }

    private static List<TestClass> ConcreteDescendants(TestClass root, IReadOnlyList<TestClass> classes)
    {
        var found = new List<TestClass>();
        var pending = new Queue<string>([root.SimpleName]);
        var seen = new HashSet<string>(StringComparer.Ordinal) { root.SimpleName };
        while (pending.Count > 0)
        {
            var name = pending.Dequeue();
            foreach (var child in classes.Where(c => c.BaseSimpleNames.Contains(name, StringComparer.Ordinal)))
            {
                if (seen.Add(child.SimpleName))
                {
                    pending.Enqueue(child.SimpleName);
                    if (!child.IsAbstract)
                    {
                        found.Add(child);
                    }
                }
            }
        }

        return found;
    }
}
