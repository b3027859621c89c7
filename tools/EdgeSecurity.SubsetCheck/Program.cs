using EdgeSecurity.SubsetCheck;

// dotnet run --project tools/EdgeSecurity.SubsetCheck -- <dir>...: exit 0 when clean, 1 with violations, 2 on usage errors.
if (args.Length == 0 || args.Any(a => a is "-h" or "--help"))
{
    Console.WriteLine("Usage: EdgeSecurity.SubsetCheck <directory>...");
    Console.WriteLine("Checks every .cs file under each directory (bin/ and obj/ skipped) against the .NET nanoFramework 1.x subset.");
    Console.WriteLine("Exit codes: 0 no violations, 1 violations found (listed on stdout), 2 usage error. Rules: docs/firmware-subset.md");
    return args.Length == 0 ? 2 : 0;
}

var missing = args.Where(dir => !Directory.Exists(dir)).ToList();
if (missing.Count > 0)
{
    Console.Error.WriteLine($"No such directory: {string.Join(", ", missing)}");
    return 2;
}

// A folder without C# sources is almost certainly a wrong path; passing it would hide that.
var empty = args.Where(dir => !Directory.EnumerateFiles(dir, "*.cs", SearchOption.AllDirectories).Any()).ToList();
if (empty.Count > 0)
{
    Console.Error.WriteLine($"No .cs files under: {string.Join(", ", empty)}");
    return 2;
}

var total = 0;
foreach (var directory in args)
{
    var violations = SubsetChecker.CheckDirectory(directory);
    foreach (var violation in violations)
    {
        Console.WriteLine(violation);
    }

    total += violations.Count;
    Console.WriteLine($"{directory}: {violations.Count} violation(s) of the nanoFramework 1.x subset");
}

return total == 0 ? 0 : 1;
