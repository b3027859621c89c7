using EdgeSecurity.Mqtt.Packets;

namespace EdgeSecurity.Mqtt.Client;

/// <summary>
/// MQTT 3.1.1 client: QoS 0 and 1, bounded in-flight window, keepalive, automatic reconnect with session
/// restore, mutual TLS. Thread-safe: any number of callers may publish at once.
/// </summary>
public sealed class MqttClient : IAsyncDisposable
{
    private readonly MqttClientOptions options;
    private readonly IncomingDispatcher? dispatcher;
    private readonly object gate = new();
    private readonly PacketIdAllocator packetIds = new();
    private readonly Dictionary<ushort, PendingPublish> pendingPublishes = [];
    private readonly Dictionary<ushort, PendingRequest> pendingRequests = [];
    private readonly Dictionary<string, MqttTopicFilter> subscriptions = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim inFlightSlots;
    private ClientState state;
    private CancellationTokenSource? activeSession;
    private MqttConnection? current;
    private int generation;
    private long sequence;
    private Task supervisor = Task.CompletedTask;
    private TaskCompletionSource connected = NewSignal();
    private Exception? lastDisconnectReason;
    private int reconnectCount;

    /// <param name="options">Connection settings; validated here.</param>
    /// <param name="handler">Receives incoming messages; null to acknowledge and drop them.</param>
    public MqttClient(MqttClientOptions options, MqttMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        this.options = options;
        inFlightSlots = new SemaphoreSlim(options.MaxInFlight, options.MaxInFlight);
        if (handler is not null)
        {
            dispatcher = new IncomingDispatcher(handler, options.HandlerConcurrency, options.HandlerQueueCapacity);
        }
    }

    private enum ClientState
    {
        Idle,
        Connecting,
        Active,
        Disposed,
    }

    public MqttClientOptions Options => options;

    /// <summary>True while a connection to the broker is up.</summary>
    public bool IsConnected => Volatile.Read(ref current) is { IsClosed: false };

    /// <summary>Why the last connection (or reconnect attempt) ended; null if none ended yet.</summary>
    public Exception? LastDisconnectReason
    {
        get
        {
            lock (gate)
            {
                return lastDisconnectReason;
            }
        }
    }

    /// <summary>Number of successful automatic reconnects.</summary>
    public int ReconnectCount => Volatile.Read(ref reconnectCount);

    /// <summary>QoS 1 publishes sent or queued and not yet acknowledged.</summary>
    public int InFlightCount
    {
        get
        {
            lock (gate)
            {
                return pendingPublishes.Count;
            }
        }
    }

    /// <summary>
    /// Connects (TCP, TLS, CONNECT/CONNACK within <see cref="MqttClientOptions.ConnectTimeout"/>). Afterwards the
    /// client keeps itself connected (when reconnect is enabled) until <see cref="DisconnectAsync"/>.
    /// </summary>
    /// <exception cref="MqttConnectionRefusedException">The broker refused (return code in the exception).</exception>
    /// <exception cref="MqttTimeoutException">No accepted connection in time.</exception>
    /// <exception cref="MqttTransportException">Network or TLS failure.</exception>
    /// <exception cref="MqttProtocolException">The broker sent invalid bytes.</exception>
    public async Task<MqttConnectResult> ConnectAsync(CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(state == ClientState.Disposed, this);
            if (state != ClientState.Idle)
            {
                throw new InvalidOperationException("The client is already connected or connecting.");
            }

            state = ClientState.Connecting;

            // A new start: what to subscribe to is the caller's decision (see SessionPresent), not a leftover.
            subscriptions.Clear();
        }

        try
        {
            var (connection, sessionPresent) = await MqttConnection.OpenAsync(options, OnPacketAsync, cancellationToken).ConfigureAwait(false);
            var session = new CancellationTokenSource();
            lock (gate)
            {
                activeSession = session;
                state = ClientState.Active;
            }

            try
            {
                await ActivateAsync(connection, restoring: false, session.Token).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                // DisconnectAsync or DisposeAsync ran meanwhile: this connection must not outlive the attempt.
                connection.Abort(ex);
                await connection.DisposeAsync().ConfigureAwait(false);
                throw;
            }

            var supervising = SuperviseAsync(connection, session.Token);
            lock (gate)
            {
                supervisor = supervising;
            }

            return new MqttConnectResult(sessionPresent);
        }
        catch (Exception)
        {
            // Back to Idle so that the caller may retry; the exception goes on.
            lock (gate)
            {
                if (state == ClientState.Connecting)
                {
                    state = ClientState.Idle;
                }
            }

            throw;
        }
    }

    /// <summary>Waits until a connection is up (immediately if it is).</summary>
    public Task WaitUntilConnectedAsync(CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            return connected.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Publishes a message. QoS 0 completes when the packet is queued for the socket and needs a connection.
    /// QoS 1 first waits for a free in-flight slot, then completes when the broker's PUBACK arrives; while
    /// the client reconnects the message waits and is sent on the next connection. Cancelling after the
    /// message was sent stops the wait only: the message stays in flight until acknowledged.
    /// </summary>
    /// <exception cref="MqttNotConnectedException">QoS 0 without connection, or the client is not connected at all.</exception>
    /// <exception cref="MqttConnectionLostException">QoS 1 and the connection ended with reconnect off, or the client disconnected.</exception>
    public async Task PublishAsync(string topic, ReadOnlyMemory<byte> payload, MqttQos qos = MqttQos.AtLeastOnce, bool retain = false, CancellationToken cancellationToken = default)
    {
        MqttTopic.ValidateName(topic, nameof(topic));
        if (qos == MqttQos.ExactlyOnce)
        {
            throw new NotSupportedException("QoS 2 is not supported by this client; use QoS 1 and idempotent processing.");
        }

        if (qos == MqttQos.AtMostOnce)
        {
            await CurrentConnection().SendAsync(new PublishPacket(topic, payload, qos, retain), cancellationToken).ConfigureAwait(false);
            return;
        }

        // Encoded before taking a slot so that an oversized message fails at once; the id is patched in later.
        var encoded = MqttPacketEncoder.Encode(new PublishPacket(topic, payload, qos, retain, Dup: false, PacketId: 1));
        await inFlightSlots.WaitAsync(cancellationToken).ConfigureAwait(false);
        PendingPublish pending;
        MqttConnection? connection;
        int sentOnGeneration;
        lock (gate)
        {
            if (state != ClientState.Active)
            {
                inFlightSlots.Release();
                throw new MqttNotConnectedException("The client is not connected; call ConnectAsync first.");
            }

            var id = packetIds.Allocate();
            System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(encoded.AsSpan(encoded.Length - payload.Length - 2), id);
            pending = new PendingPublish(id, ++sequence, encoded);
            pendingPublishes.Add(id, pending);
            connection = current;
            if (connection is not null)
            {
                pending.SentOnGeneration = generation;
            }

            sentOnGeneration = pending.SentOnGeneration;
        }

        if (connection is not null)
        {
            try
            {
                await connection.SendAsync(pending.Encoded, cancellationToken).ConfigureAwait(false);
            }
            catch (MqttConnectionLostException)
            {
                // Still pending: the next connection resends it, or the supervisor fails it if there is none.
            }
            catch (OperationCanceledException)
            {
                Withdraw(pending, sentOnGeneration);
                throw;
            }
        }

        await pending.Acknowledged.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Subscribes; the broker's SUBACK codes are returned in filter order. QoS 2 is not supported.</summary>
    /// <exception cref="MqttSubscriptionRejectedException">The broker refused at least one filter (the others are active).</exception>
    public async Task<IReadOnlyList<MqttSubAckCode>> SubscribeAsync(IReadOnlyList<MqttTopicFilter> filters, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filters);
        if (filters.Count == 0)
        {
            throw new ArgumentException("Subscribe to at least one topic filter.", nameof(filters));
        }

        foreach (var filter in filters)
        {
            MqttTopic.ValidateFilter(filter.Filter, nameof(filters));
            if (filter.MaximumQos > MqttQos.AtLeastOnce)
            {
                throw new NotSupportedException("QoS 2 subscriptions are not supported by this client.");
            }
        }

        var codes = await SubscribeOnAsync(CurrentConnection(), filters, cancellationToken).ConfigureAwait(false);
        lock (gate)
        {
            for (var i = 0; i < filters.Count; i++)
            {
                if (codes[i] != MqttSubAckCode.Failure)
                {
                    subscriptions[filters[i].Filter] = filters[i];
                }
            }
        }

        return codes.Contains(MqttSubAckCode.Failure) ? throw new MqttSubscriptionRejectedException(filters, codes) : codes;
    }

    /// <summary>Subscribes to one filter.</summary>
    public Task<IReadOnlyList<MqttSubAckCode>> SubscribeAsync(string filter, MqttQos maximumQos = MqttQos.AtLeastOnce, CancellationToken cancellationToken = default) =>
        SubscribeAsync([new MqttTopicFilter(filter, maximumQos)], cancellationToken);

    /// <summary>Unsubscribes and waits for UNSUBACK.</summary>
    public async Task UnsubscribeAsync(IReadOnlyList<string> filters, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filters);
        if (filters.Count == 0)
        {
            throw new ArgumentException("Unsubscribe from at least one topic filter.", nameof(filters));
        }

        foreach (var filter in filters)
        {
            MqttTopic.ValidateFilter(filter, nameof(filters));
        }

        await RequestAsync(CurrentConnection(), id => new UnsubscribePacket(id, filters), MqttPacketType.UnsubAck, cancellationToken).ConfigureAwait(false);
        lock (gate)
        {
            foreach (var filter in filters)
            {
                subscriptions.Remove(filter);
            }
        }
    }

    /// <summary>
    /// Sends DISCONNECT (so the broker drops the will), closes, and stops reconnecting. QoS 1 publishes still
    /// waiting for PUBACK fail with <see cref="MqttConnectionLostException"/>. The client may connect again.
    /// </summary>
    public async Task DisconnectAsync(CancellationToken cancellationToken = default)
    {
        MqttConnection? connection;
        CancellationTokenSource? session;
        Task running;
        lock (gate)
        {
            if (state != ClientState.Active)
            {
                return;
            }

            state = ClientState.Idle;
            connection = current;
            session = activeSession;
            activeSession = null;
            running = supervisor;
        }

        if (session is not null)
        {
            await session.CancelAsync().ConfigureAwait(false);
        }

        try
        {
            if (connection is not null)
            {
                await connection.DisconnectAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            await running.ConfigureAwait(false);
            session?.Dispose();
        }
    }

    /// <summary>
    /// Drops the connection without DISCONNECT, as a network failure would (the broker then publishes the will).
    /// The client reconnects if reconnect is enabled. For fault injection in simulators and tests.
    /// </summary>
    public void DropConnection()
    {
        Volatile.Read(ref current)?.Abort(new MqttTransportException("The connection was dropped on purpose (DropConnection)."));
    }

    public async ValueTask DisposeAsync()
    {
        await DisconnectAsync(CancellationToken.None).ConfigureAwait(false);
        lock (gate)
        {
            if (state == ClientState.Disposed)
            {
                return;
            }

            state = ClientState.Disposed;
        }

        if (dispatcher is not null)
        {
            await dispatcher.DisposeAsync().ConfigureAwait(false);
        }

        // inFlightSlots is not disposed: a publisher still waiting on it must see "not connected", not
        // ObjectDisposedException (it holds no OS handle, AvailableWaitHandle is never used).
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private MqttConnection CurrentConnection()
    {
        var connection = Volatile.Read(ref current);
        return connection is { IsClosed: false }
            ? connection
            : throw new MqttNotConnectedException("The client has no connection to the broker at the moment.");
    }

    private async Task<IReadOnlyList<MqttSubAckCode>> SubscribeOnAsync(MqttConnection connection, IReadOnlyList<MqttTopicFilter> filters, CancellationToken cancellationToken)
    {
        var reply = (SubAckPacket)await RequestAsync(connection, id => new SubscribePacket(id, filters), MqttPacketType.SubAck, cancellationToken).ConfigureAwait(false);
        if (reply.ReturnCodes.Count != filters.Count)
        {
            var error = new MqttProtocolException(MqttProtocolError.InvalidLength, $"SUBACK has {reply.ReturnCodes.Count} return codes for {filters.Count} filters");
            connection.Abort(error);
            throw error;
        }

        return reply.ReturnCodes;
    }

    private async Task<MqttPacket> RequestAsync(MqttConnection connection, Func<ushort, MqttPacket> build, MqttPacketType reply, CancellationToken cancellationToken)
    {
        var answer = new TaskCompletionSource<MqttPacket>(TaskCreationOptions.RunContinuationsAsynchronously);
        ushort id;
        lock (gate)
        {
            id = packetIds.Allocate();
            pendingRequests.Add(id, new PendingRequest(reply, answer));
        }

        try
        {
            await connection.SendAsync(build(id), cancellationToken).ConfigureAwait(false);
            return await answer.Task.WaitAsync(options.RequestTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new MqttTimeoutException($"No {reply} from the broker within {options.RequestTimeout.TotalSeconds:0.###} s.");
        }
        finally
        {
            lock (gate)
            {
                if (pendingRequests.Remove(id))
                {
                    packetIds.Release(id);
                }
            }
        }
    }

    private ValueTask OnPacketAsync(MqttPacket packet, MqttConnection source, CancellationToken cancellationToken)
    {
        switch (packet)
        {
            case PublishPacket { Qos: MqttQos.ExactlyOnce }:
                throw new MqttProtocolException(MqttProtocolError.UnsupportedQos, "the broker sent a QoS 2 message although no subscription asked for QoS 2");
            case PublishPacket publish when dispatcher is not null:
                return dispatcher.EnqueueAsync(publish, source, cancellationToken);
            case PublishPacket { Qos: MqttQos.AtLeastOnce } publish:
                return source.SendAsync(new PacketIdPacket(MqttPacketType.PubAck, publish.PacketId), cancellationToken);
            case PublishPacket:
                return ValueTask.CompletedTask;
            case PacketIdPacket { Kind: MqttPacketType.PubAck } ack:
                CompletePublish(ack.PacketId);
                return ValueTask.CompletedTask;
            case SubAckPacket subAck:
                CompleteRequest(subAck.PacketId, packet);
                return ValueTask.CompletedTask;
            case PacketIdPacket { Kind: MqttPacketType.UnsubAck } unsubAck:
                CompleteRequest(unsubAck.PacketId, packet);
                return ValueTask.CompletedTask;
            case EmptyPacket { Kind: MqttPacketType.PingResp }:
                return ValueTask.CompletedTask;
            default:
                throw new MqttProtocolException(MqttProtocolError.UnexpectedPacket, $"a client does not accept {packet.Type} from the broker");
        }
    }

    private void CompletePublish(ushort packetId)
    {
        PendingPublish? pending;
        lock (gate)
        {
            if (!pendingPublishes.Remove(packetId, out pending))
            {
                // A late or repeated PUBACK (e.g. for a message acknowledged before a reconnect): nothing waits for it.
                return;
            }

            packetIds.Release(packetId);
        }

        inFlightSlots.Release();
        pending.Acknowledged.TrySetResult();
    }

    private void CompleteRequest(ushort packetId, MqttPacket reply)
    {
        PendingRequest? waiting;
        lock (gate)
        {
            pendingRequests.TryGetValue(packetId, out waiting);
        }

        if (waiting is null)
        {
            // A reply after its request timed out or was cancelled: nothing waits for it any more.
            return;
        }

        if (waiting.ExpectedReply != reply.Type)
        {
            throw new MqttProtocolException(MqttProtocolError.UnexpectedPacket, $"{reply.Type} answers a request that expects {waiting.ExpectedReply}");
        }

        waiting.Answer.TrySetResult(reply);
    }

    private void Withdraw(PendingPublish pending, int sentOnGeneration)
    {
        lock (gate)
        {
            // Only a message that no connection has taken can be withdrawn; once a reconnect resent it, it
            // stays in flight until acknowledged.
            if (pending.SentOnGeneration != sentOnGeneration || !pendingPublishes.Remove(pending.PacketId))
            {
                return;
            }

            packetIds.Release(pending.PacketId);
        }

        inFlightSlots.Release();
        pending.Acknowledged.TrySetCanceled();
    }

    private async Task ActivateAsync(MqttConnection connection, bool restoring, CancellationToken cancellationToken)
    {
        // After a reconnect the recorded filters are subscribed again even when the broker says it kept the
        // session: mosquitto 2.0 can restore a session from its persistence file without its shared
        // subscriptions, and a duplicate SUBSCRIBE of the same filter is harmless.
        if (restoring)
        {
            List<MqttTopicFilter> filters;
            lock (gate)
            {
                filters = [.. subscriptions.Values];
            }

            if (filters.Count > 0)
            {
                // A filter the broker now rejects stays recorded and is tried again on the next reconnect.
                await SubscribeOnAsync(connection, filters, cancellationToken).ConfigureAwait(false);
            }
        }

        List<PendingPublish> resend;
        lock (gate)
        {
            // DisconnectAsync flips the state under this lock before it looks at the current connection, so
            // a connection is either seen (and closed) by it, or refused here.
            if (state != ClientState.Active || cancellationToken.IsCancellationRequested)
            {
                throw new MqttNotConnectedException("The client was disconnected while a connection was being established.");
            }

            var now = ++generation;
            current = connection;
            resend = [.. pendingPublishes.Values.OrderBy(p => p.Sequence)];
            foreach (var pending in resend)
            {
                if (pending.SentOnGeneration != 0)
                {
                    pending.MarkDuplicate();
                }

                pending.SentOnGeneration = now;
            }

            connected.TrySetResult();
        }

        try
        {
            foreach (var pending in resend)
            {
                await connection.SendAsync(pending.Encoded, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is MqttConnectionLostException or OperationCanceledException)
        {
            // The connection is already current: its supervisor sees it close and resends on the next one.
            return;
        }
    }

    private async Task SuperviseAsync(MqttConnection connection, CancellationToken sessionToken)
    {
        while (true)
        {
            var reason = await connection.Completion.ConfigureAwait(false);
            bool reconnect;
            lock (gate)
            {
                if (current == connection)
                {
                    current = null;
                }

                if (connected.Task.IsCompleted)
                {
                    connected = NewSignal();
                }

                lastDisconnectReason = reason;
                reconnect = options.Reconnect.Enabled && state == ClientState.Active && !sessionToken.IsCancellationRequested;
                if (!reconnect && state == ClientState.Active)
                {
                    state = ClientState.Idle;
                }
            }

            FailRequests(reason);
            await connection.DisposeAsync().ConfigureAwait(false);
            var next = reconnect ? await ReconnectAsync(sessionToken).ConfigureAwait(false) : null;
            if (next is null)
            {
                FailPublishes(reason);
                return;
            }

            connection = next;
        }
    }

    private async Task<MqttConnection?> ReconnectAsync(CancellationToken sessionToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            MqttConnection? connection = null;
            try
            {
                await Task.Delay(ReconnectBackoff.Delay(options.Reconnect, attempt), sessionToken).ConfigureAwait(false);
                (connection, _) = await MqttConnection.OpenAsync(options, OnPacketAsync, sessionToken).ConfigureAwait(false);
                await ActivateAsync(connection, restoring: true, sessionToken).ConfigureAwait(false);
                Interlocked.Increment(ref reconnectCount);
                return connection;
            }
            catch (Exception ex)
            {
                // Any failure of one attempt (network, TLS, refusal, timeout) is recorded and retried after backoff.
                if (connection is not null)
                {
                    connection.Abort(ex);
                    await connection.DisposeAsync().ConfigureAwait(false);
                }

                if (sessionToken.IsCancellationRequested)
                {
                    return null;
                }

                lock (gate)
                {
                    lastDisconnectReason = ex;
                }
            }
        }
    }

    private void FailRequests(Exception reason)
    {
        List<PendingRequest> failed;
        lock (gate)
        {
            failed = [.. pendingRequests.Values];
            foreach (var id in pendingRequests.Keys)
            {
                packetIds.Release(id);
            }

            pendingRequests.Clear();
        }

        foreach (var request in failed)
        {
            request.Answer.TrySetException(new MqttConnectionLostException("The connection closed before the broker answered.", reason));
        }
    }

    private void FailPublishes(Exception reason)
    {
        List<PendingPublish> failed;
        lock (gate)
        {
            failed = [.. pendingPublishes.Values];
            foreach (var id in pendingPublishes.Keys)
            {
                packetIds.Release(id);
            }

            pendingPublishes.Clear();
        }

        foreach (var pending in failed)
        {
            inFlightSlots.Release();
            pending.Acknowledged.TrySetException(new MqttConnectionLostException("The connection ended before the broker acknowledged the message.", reason));
        }
    }

    private sealed record PendingRequest(MqttPacketType ExpectedReply, TaskCompletionSource<MqttPacket> Answer);
}
