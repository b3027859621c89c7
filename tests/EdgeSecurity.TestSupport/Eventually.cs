using System.Diagnostics;

namespace EdgeSecurity.TestSupport;

/// <summary>
/// Waits for a condition that another process or thread makes true (a broker's log line, a stored row, an
/// alert updated after its event). Tests wait for the final condition they assert, never for a fixed time:
/// the CI machine is slower and more loaded than a developer's, so only the bound differs between them.
/// </summary>
public static class Eventually
{
    private static readonly TimeSpan DefaultPoll = TimeSpan.FromMilliseconds(50);

    /// <summary>True as soon as <paramref name="condition"/> holds; false if it still does not after <paramref name="timeout"/>.</summary>
    public static Task<bool> WithinAsync(TimeSpan timeout, Func<bool> condition, TimeSpan? poll = null) =>
        WithinAsync(timeout, () => Task.FromResult(condition()), poll);

    /// <inheritdoc cref="WithinAsync(TimeSpan, Func{bool}, TimeSpan?)"/>
    public static async Task<bool> WithinAsync(TimeSpan timeout, Func<Task<bool>> condition, TimeSpan? poll = null)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition().ConfigureAwait(false))
        {
            if (clock.Elapsed > timeout)
            {
                return false;
            }

            await Task.Delay(poll ?? DefaultPoll).ConfigureAwait(false);
        }

        return true;
    }

    /// <summary>
    /// Returns when <paramref name="condition"/> holds; throws a <see cref="TimeoutException"/> with
    /// <paramref name="failure"/>'s text (evaluated only then, so it can show the state at the time) if it
    /// does not within <paramref name="timeout"/>.
    /// </summary>
    public static Task HoldsAsync(TimeSpan timeout, Func<bool> condition, Func<string> failure, TimeSpan? poll = null) =>
        HoldsAsync(timeout, () => Task.FromResult(condition()), failure, poll);

    /// <inheritdoc cref="HoldsAsync(TimeSpan, Func{bool}, Func{string}, TimeSpan?)"/>
    public static async Task HoldsAsync(TimeSpan timeout, Func<Task<bool>> condition, Func<string> failure, TimeSpan? poll = null)
    {
        if (!await WithinAsync(timeout, condition, poll).ConfigureAwait(false))
        {
            throw new TimeoutException($"after {timeout.TotalSeconds:0.#} s: {failure()}");
        }
    }
}
