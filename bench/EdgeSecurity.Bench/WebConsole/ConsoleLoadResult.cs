namespace EdgeSecurity.Bench.WebConsole;

/// <summary>Milliseconds until <see cref="Page"/> is usable, over <see cref="Loads"/> loads each.</summary>
/// <param name="SignInMedianMs">From the sign-in form's submit to the page usable, in a fresh browser context (cold cache).</param>
/// <param name="ReloadMedianMs">From the start of a reload (token kept in the tab) to the page usable.</param>
internal sealed record ConsoleLoadResult(
    string Page,
    int Loads,
    double SignInMedianMs,
    double SignInP95Ms,
    double SignInMaxMs,
    double ReloadMedianMs,
    double ReloadP95Ms,
    double ReloadMaxMs);

internal sealed record ConsoleRunResult(
    string Database,
    int Devices,
    long Events,
    IReadOnlyDictionary<string, long> Rows,
    double SeedSeconds,
    IReadOnlyList<ConsoleLoadResult> Pages,
    double LoadAverage1MinBefore,
    double LoadAverage1MinAfter);
