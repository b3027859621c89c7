using EdgeSecurity.Firmware.Core.Agent;
using EdgeSecurity.Firmware.Core.Events;
using EdgeSecurity.Firmware.Core.Tests.Journal;

namespace EdgeSecurity.Firmware.Core.Tests.Agent;

public sealed class ConnectionFailureReporterTests : IDisposable
{
    private readonly EventLogHarness _device = new();
    private readonly ConnectionFailureReporter _reporter;

    public ConnectionFailureReporterTests() => _reporter = new ConnectionFailureReporter(_device.Log);

    public void Dispose() => _device.Dispose();

    private List<EventRecord> Failures() =>
        _device.Records().Where(r => r.EventType is EventTypes.ConnectionFailure or EventTypes.AuthenticationFailure).ToList();

    private static int Count(EventRecord record) => record.FindField(EventFieldIds.Outcome.Count).Int32Value;

    [Fact]
    [Trait("Requirement", "SR-EVT-012")]
    public void A_run_of_failures_records_the_powers_of_two_and_the_final_count_when_the_link_comes_up()
    {
        for (var i = 0; i < 11; i++)
        {
            _reporter.OnAttemptFailed("broker.example:8883", 111, "connection refused", authentication: false);
        }

        Assert.Equal([1, 2, 4, 8], Failures().Select(Count));
        Assert.Equal(11, _reporter.ConsecutiveFailures);

        _reporter.OnConnected();

        var failures = Failures();
        Assert.Equal([1, 2, 4, 8, 11], failures.Select(Count));
        var last = failures[^1];
        Assert.Equal(EventTypes.ConnectionFailure, last.EventType);
        Assert.Equal(("broker.example:8883", 111, "connection refused"), (last.FindField(EventFieldIds.Outcome.Subject).StringValue, last.FindField(EventFieldIds.Outcome.ResultCode).Int32Value, last.FindField(EventFieldIds.Outcome.Reason).StringValue));
        Assert.Equal(0, _reporter.ConsecutiveFailures);
    }

    [Fact]
    [Trait("Requirement", "SR-EVT-012")]
    public void Coming_up_right_after_a_recorded_count_adds_nothing_and_a_new_run_starts_at_one()
    {
        for (var i = 0; i < 4; i++)
        {
            _reporter.OnAttemptFailed("broker:8883", 111, "connection refused", authentication: false);
        }

        _reporter.OnConnected();
        _reporter.OnConnected();
        Assert.Equal([1, 2, 4], Failures().Select(Count));

        _reporter.OnAttemptFailed("broker:8883", 110, "timed out", authentication: false);
        Assert.Equal([1, 2, 4, 1], Failures().Select(Count));
    }

    [Fact]
    [Trait("Requirement", "SR-EVT-012")]
    public void A_refused_handshake_is_an_authentication_failure_of_error_severity()
    {
        _reporter.OnAttemptFailed("broker:8883", 5, "not authorized", authentication: true);
        _reporter.OnAttemptFailed("broker:8883", 111, "connection refused", authentication: false);

        var failures = Failures();
        Assert.Equal([EventTypes.AuthenticationFailure, EventTypes.ConnectionFailure], failures.Select(r => r.EventType));
        Assert.Equal([EventSeverity.Error, EventSeverity.Warning], failures.Select(r => r.Severity));
    }

    [Fact]
    [Trait("Requirement", "SR-EVT-012")]
    public void A_day_of_failures_at_one_a_minute_costs_a_dozen_records()
    {
        for (var i = 0; i < 1440; i++)
        {
            _reporter.OnAttemptFailed("broker:8883", 111, "connection refused", authentication: false);
        }

        _reporter.OnConnected();

        Assert.Equal([1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 1440], Failures().Select(Count));
    }
}
