using System.Collections.Specialized;
using System.Net;
using System.Text;
using System.Web;
using Microsoft.Extensions.Logging;

namespace EdgeSecurity.Broker.Cluster;

/// <summary>
/// The HTTP service RabbitMQ's auth backend (rabbitmq_auth_backend_http) asks: POST user, vhost, resource
/// and topic with form fields, answered "allow" or "deny" by <see cref="BrokerAccessPolicy"/>. It runs next to
/// each broker node on loopback (the node's auth_cache keeps answers for a few seconds), so broker logins
/// never depend on a host instance being up.
/// </summary>
public sealed partial class BrokerAuthServer : IAsyncDisposable
{
    public const string UserPath = "/auth/user";
    public const string VirtualHostPath = "/auth/vhost";
    public const string ResourcePath = "/auth/resource";
    public const string TopicPath = "/auth/topic";

    private const int MaxBodyBytes = 16 * 1024;
    private static readonly byte[] Allow = Encoding.ASCII.GetBytes("allow");
    private static readonly byte[] Deny = Encoding.ASCII.GetBytes("deny");

    private readonly HttpListener _listener = new();
    private readonly BrokerAccessPolicy _policy;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;

    public BrokerAuthServer(BrokerAccessPolicy policy, string listenAddress, int port, ILogger logger)
    {
        _policy = policy;
        _logger = logger;
        Port = port;
        _listener.Prefixes.Add($"http://{listenAddress}:{port}/auth/");
    }

    public int Port { get; }

    /// <summary>Answers given, for tests and logs.</summary>
    public long Allowed => Interlocked.Read(ref _allowed);

    public long Denied => Interlocked.Read(ref _denied);

    private long _allowed;
    private long _denied;

    public void Start()
    {
        _listener.Start();
        _loop = Task.Run(() => RunAsync(_stop.Token));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Close();
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }

        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException && cancellationToken.IsCancellationRequested)
            {
                return;
            }

            _ = Task.Run(() => AnswerAsync(context), cancellationToken);
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        var response = context.Response;
        try
        {
            var fields = await ReadFormAsync(context.Request).ConfigureAwait(false);
            string? path = context.Request.Url?.AbsolutePath;
            bool allowed;
            if (path == UserPath && fields is not null)
            {
                // Logins are reported with their reason (a revoked device trying to connect is the one to act on).
                var refusal = _policy.RefusesUser(fields["username"], fields["password"] is not null);
                allowed = refusal == LoginRefusal.None;
                if (!allowed)
                {
                    LogLoginRefused(fields["username"], ReasonName(refusal));
                }
            }
            else
            {
                allowed = fields is not null && Decide(path, fields);
                if (!allowed)
                {
                    LogDenied(path, fields?["username"], fields?["client_id"], fields?["name"], fields?["routing_key"], fields?["permission"]);
                }
            }

            Interlocked.Increment(ref allowed ? ref _allowed : ref _denied);

            response.StatusCode = 200;
            response.ContentType = "text/plain";
            byte[] body = allowed ? Allow : Deny;
            await response.OutputStream.WriteAsync(body).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpListenerException or IOException or InvalidOperationException)
        {
            // The broker treats a failed request as a refusal; nothing was granted.
            LogAnswerFailed(e);
        }
        finally
        {
            response.Close();
        }
    }

    private bool Decide(string? path, NameValueCollection f) => path switch
    {
        VirtualHostPath => _policy.AllowsVirtualHost(f["username"], f["vhost"], f["client_id"]),
        ResourcePath => _policy.AllowsResource(f["username"], f["vhost"], f["resource"], f["name"], f["permission"]),
        TopicPath => f["resource"] == "topic" && _policy.AllowsTopic(f["username"], f["vhost"], f["name"], f["routing_key"], f["permission"]),
        _ => false,
    };

    // RabbitMQ posts application/x-www-form-urlencoded; anything larger than a few fields is not from it.
    private static async Task<NameValueCollection?> ReadFormAsync(HttpListenerRequest request)
    {
        if (request.HttpMethod != "POST" || request.ContentLength64 is < 0 or > MaxBodyBytes)
        {
            return null;
        }

        using var reader = new StreamReader(request.InputStream, Encoding.UTF8);
        string body = await reader.ReadToEndAsync().ConfigureAwait(false);
        return HttpUtility.ParseQueryString(body);
    }

    /// <summary>Event id of a refused login in the authorizer's log, stable for the operator's log pipeline to alert on (docs/host.md).</summary>
    public const int LoginRefusedEventId = 4101;

    /// <summary>The reason as it appears in the log: <c>revoked-device</c>, <c>unknown-identity</c>, <c>password-given</c>.</summary>
    public static string ReasonName(LoginRefusal refusal) => refusal switch
    {
        LoginRefusal.RevokedDevice => "revoked-device",
        LoginRefusal.UnknownIdentity => "unknown-identity",
        LoginRefusal.PasswordGiven => "password-given",
        _ => "none",
    };

    [LoggerMessage(EventId = LoginRefusedEventId, EventName = "BrokerLoginRefused", Level = LogLevel.Warning, Message = "Broker login refused for {User}: {Reason}")]
    private partial void LogLoginRefused(string? user, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Broker access denied: {Path} user {User} client id {ClientId} resource {Name} routing key {RoutingKey} {Permission}")]
    private partial void LogDenied(string? path, string? user, string? clientId, string? name, string? routingKey, string? permission);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A broker authorization request could not be answered")]
    private partial void LogAnswerFailed(Exception exception);
}
