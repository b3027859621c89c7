using EdgeSecurity.Firmware.Core.Agent;
using EdgeSecurity.Firmware.Core.Events;
using EdgeSecurity.Firmware.Core.Platform;
using EdgeSecurity.Firmware.Core.Tests.Journal;

namespace EdgeSecurity.Firmware.Core.Tests.Agent;

public sealed class LinkMaintainerTests : IDisposable
{
    private readonly EventLogHarness _device = new();
    private readonly ScriptedConnection _connection = new();
    private readonly LinkMaintainer _link;

    public LinkMaintainerTests() =>
        _link = new LinkMaintainer(_connection, "broker:8883", new ReconnectSchedule(1000, 4000), new ConnectionFailureReporter(_device.Log));

    public void Dispose() => _device.Dispose();

    private List<(ushort Type, int Count)> Failures() =>
        [.. _device.Records()
            .Where(r => r.EventType is EventTypes.ConnectionFailure or EventTypes.AuthenticationFailure)
            .Select(r => (r.EventType, r.FindField(EventFieldIds.Outcome.Count).Int32Value))];

    [Fact]
    [Trait("Requirement", "SR-EVT-012")]
    public void Tries_at_once_then_backs_off_records_the_failures_and_stops_trying_once_connected()
    {
        _connection.Script(
            ConnectAttempt.Failure(111, "connection refused", false),
            ConnectAttempt.Failure(111, "connection refused", false),
            ConnectAttempt.Failure(5, "not authorized", true),
            ConnectAttempt.Success());

        for (var now = 0L; now <= 20_000; now += 250)
        {
            _connection.Now = now;
            _link.Poll(now);
        }

        // Attempts at 0, 1 s, 3 s (1 + 2) and 7 s (3 + 4): then connected, no more attempts.
        Assert.Equal([0L, 1000, 3000, 7000], _connection.Attempts);
        Assert.Equal(
            [(EventTypes.ConnectionFailure, 1), (EventTypes.ConnectionFailure, 2), (EventTypes.AuthenticationFailure, 3)],
            Failures());
    }

    [Fact]
    [Trait("Requirement", "SR-EVT-012")]
    public void A_link_that_drops_later_is_tried_again_at_once_and_a_new_run_of_failures_starts_at_one()
    {
        _connection.Script(ConnectAttempt.Failure(111, "connection refused", false), ConnectAttempt.Success());
        _link.Poll(0);
        _link.Poll(1000);
        Assert.True(_connection.IsConnected);

        _connection.Drop();
        _connection.Script(ConnectAttempt.Failure(110, "timed out", false));
        _link.Poll(60_000);

        Assert.Equal([(EventTypes.ConnectionFailure, 1), (EventTypes.ConnectionFailure, 1)], Failures());
    }

    /// <summary>A broker connection whose attempts succeed or fail as scripted; counts when it was tried.</summary>
    private sealed class ScriptedConnection : IBrokerConnection
    {
        private readonly Queue<ConnectAttempt> _script = new();

        public bool IsConnected { get; private set; }

        public void Script(params ConnectAttempt[] attempts)
        {
            foreach (var attempt in attempts)
            {
                _script.Enqueue(attempt);
            }
        }

        public void Drop() => IsConnected = false;

        /// <summary>Uptime the test is polling at; each attempt is noted with it.</summary>
        public long Now { get; set; }

        public List<long> Attempts { get; } = [];

        public ConnectAttempt TryConnect()
        {
            Attempts.Add(Now);
            var attempt = _script.Dequeue();
            IsConnected = attempt.Succeeded;
            return attempt;
        }

        public bool Publish(string topic, byte[] payload) => IsConnected;

        public void Subscribe(string topic, IMessageReceiver receiver)
        {
        }
    }
}
