using System.Diagnostics;

namespace EdgeSecurity.Firmware.Nano.Tests.Support;

/// <summary>
/// What scripts/nanoframework-check.sh recorded. The test command runs the script before the tests and
/// passes its folder in EDGESEC_NANOFRAMEWORK_RESULTS; a plain <c>dotnet test</c> runs the script here, once,
/// so the results are always those of the sources under test.
/// </summary>
internal sealed class NanoStage
{
    public const string ResultsVariable = "EDGESEC_NANOFRAMEWORK_RESULTS";

    private static readonly Lazy<NanoStage> Instance = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    private NanoStage(string directory, string scriptOutput)
    {
        Directory = directory;
        ScriptOutput = scriptOutput;
    }

    public static NanoStage Current => Instance.Value;

    public string Directory { get; }

    /// <summary>The script's own output when it ran here (empty when the test command ran it).</summary>
    public string ScriptOutput { get; }

    public string Status => ReadOrEmpty("status").Trim();

    public string PathOf(string name) => Path.Combine(Directory, name);

    /// <summary>Asserts that step <paramref name="name"/> ran and passed, showing its log otherwise.</summary>
    public void AssertStepPassed(string name)
    {
        Assert.True(Status == "ran", $"the nanoFramework stage did not run: {Status}\n{ScriptOutput}");
        var steps = ReadOrEmpty("steps.txt").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var line = steps.FirstOrDefault(s => s.StartsWith(name + " ", StringComparison.Ordinal));
        Assert.True(line == name + " ok", $"step {name}: {line ?? "did not run (an earlier step failed)"}\n{Tail(ReadOrEmpty(name + ".log"))}");
    }

    private static string Tail(string log)
    {
        var errors = log.Split('\n').Where(l => l.Contains("error", StringComparison.OrdinalIgnoreCase)).Distinct().Take(40).ToArray();
        return errors.Length > 0 ? string.Join('\n', errors) : log[Math.Max(0, log.Length - 4000)..];
    }

    private string ReadOrEmpty(string name) => File.Exists(PathOf(name)) ? File.ReadAllText(PathOf(name)) : string.Empty;

    private static NanoStage Load()
    {
        var given = Environment.GetEnvironmentVariable(ResultsVariable);
        if (!string.IsNullOrEmpty(given))
        {
            return new NanoStage(given, string.Empty);
        }

        var directory = System.IO.Directory.CreateTempSubdirectory("edgesec-nano-").FullName;
        var start = new ProcessStartInfo("bash", [Repository.PathOf("scripts", "nanoframework-check.sh"), "--out", directory])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Repository.Root,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(20)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("scripts/nanoframework-check.sh took more than 20 minutes");
        }

        return new NanoStage(directory, stdout.Result + stderr.Result);
    }
}
