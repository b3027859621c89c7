namespace EdgeSecurity.Host.Tests.Support;

/// <summary>A clock the test moves by hand (silence rules, burst windows).</summary>
internal sealed class FakeTime(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
