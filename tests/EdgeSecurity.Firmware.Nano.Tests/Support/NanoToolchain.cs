namespace EdgeSecurity.Firmware.Nano.Tests.Support;

/// <summary>The nanoFramework toolchain, found the way scripts/nanoframework-check.sh finds it.</summary>
internal static class NanoToolchain
{
    public const string Variable = "EDGESEC_NANOFRAMEWORK";

    /// <summary>The toolchain folder, or null when there is none (then the stage does not run).</summary>
    public static string? Directory { get; } = Find();

    public static bool IsOnCi => Environment.GetEnvironmentVariable("CI") == "true";

    public static string MissingReason =>
        $"nanoFramework stage NOT RUN: no toolchain ({Variable} unset and no ../shared/nanoframework next to the repository); " +
        "scripts/nanoframework-check.sh prints how to get one. On CI (CI=true) this fails instead.";

    public static string Reference(string fileName) =>
        Path.Combine(Directory ?? throw new InvalidOperationException(MissingReason), "ref", fileName);

    private static string? Find()
    {
        var configured = Environment.GetEnvironmentVariable(Variable);
        var candidate = string.IsNullOrEmpty(configured) ? Repository.PathOf("..", "shared", "nanoframework") : configured;
        string[] required = ["bin/nanoclr", "bin/nano-mdp", "ref/mscorlib.dll", "pe/mscorlib.pe"];
        return required.All(f => File.Exists(Path.Combine(candidate, f))) ? Path.GetFullPath(candidate) : null;
    }
}

/// <summary>
/// A fact that needs the toolchain: skipped, with the reason in the results, where there is none, except on
/// CI, where it runs (and fails). Never passes without having checked anything.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class NanoFactAttribute : FactAttribute
{
    public NanoFactAttribute()
    {
        if (NanoToolchain.Directory is null && !NanoToolchain.IsOnCi)
        {
            Skip = NanoToolchain.MissingReason;
        }
    }
}

/// <inheritdoc cref="NanoFactAttribute"/>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class NanoTheoryAttribute : TheoryAttribute
{
    public NanoTheoryAttribute()
    {
        if (NanoToolchain.Directory is null && !NanoToolchain.IsOnCi)
        {
            Skip = NanoToolchain.MissingReason;
        }
    }
}
