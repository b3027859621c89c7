namespace EdgeSecurity.Host.Configuration;

/// <summary>
/// Everything the host service needs to run, bound from the "EdgeSecurity" configuration section
/// (appsettings.json, environment variables EdgeSecurity__..., command line --EdgeSecurity:...).
/// </summary>
public sealed class EdgeSecurityHostOptions
{
    public const string SectionName = "EdgeSecurity";

    /// <summary>Root for everything the host writes by default (SQLite database, embedded broker data).</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>The fleet PKI directory created by 'edgesec pki init'.</summary>
    public string PkiDirectory { get; set; } = "pki";

    /// <summary>HTTP listen URLs of the read API; "http://127.0.0.1:0" picks a free port.</summary>
    public IList<string> Urls { get; } = [];

    public StorageOptions Storage { get; set; } = new();

    public BrokerConnectionOptions Broker { get; set; } = new();

    public IngestOptions Ingest { get; set; } = new();

    /// <summary>JSON file with alert rules; empty uses the built-in defaults (docs/alerts.md).</summary>
    public string? AlertRulesFile { get; set; }

    /// <summary>How often the silent-device sweeper looks for devices that stopped sending heartbeats.</summary>
    public TimeSpan SilenceSweepInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often certificate expiry is checked (the lead time is the certificate-expiry rule's leadDays).</summary>
    public TimeSpan CertificateSweepInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often the fleet registry file is checked for changes (enrolments, revocations).</summary>
    public TimeSpan RegistryPollInterval { get; set; } = TimeSpan.FromSeconds(5);

    public ApiOptions Api { get; set; } = new();

    public OtaOptions Ota { get; set; } = new();

    public ExportOptions Export { get; set; } = new();

    public AttestationOptions Attestation { get; set; } = new();

    internal string ResolvedDataDirectory => Path.GetFullPath(DataDirectory);
}

public sealed class StorageOptions
{
    /// <summary>"sqlite" (default, embedded) or "postgresql".</summary>
    public string Provider { get; set; } = "sqlite";

    /// <summary>SQLite database file; relative paths are under the data directory.</summary>
    public string SqlitePath { get; set; } = "edgesec.db";

    /// <summary>PostgreSQL connection string (required with provider "postgresql").</summary>
    public string? ConnectionString { get; set; }
}

public enum BrokerMode
{
    /// <summary>The host starts, supervises and stops its own mosquitto.</summary>
    Embedded = 0,

    /// <summary>The host connects to a broker run elsewhere.</summary>
    External = 1,
}

public enum BrokerEngine
{
    /// <summary>One mosquitto (embedded or external): the default.</summary>
    Mosquitto = 0,

    /// <summary>A RabbitMQ cluster configured by 'edgesec broker rabbitmq' (docs/host.md "Clustered broker").</summary>
    RabbitMq = 1,
}

public sealed class BrokerConnectionOptions
{
    /// <summary>Which broker engine carries device traffic; RabbitMq needs <see cref="RabbitMq"/> endpoints.</summary>
    public BrokerEngine Engine { get; set; } = BrokerEngine.Mosquitto;

    public BrokerMode Mode { get; set; } = BrokerMode.Embedded;

    public RabbitMqConnectionOptions RabbitMq { get; set; } = new();

    /// <summary>External broker host name (must match the broker certificate); embedded: listen address.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>The device listener's port (embedded: 0 picks a free one; external: informational).</summary>
    public int Port { get; set; }

    /// <summary>
    /// The service listener's port, where the host connects (client ids are not bound to certificates there).
    /// Embedded: on 127.0.0.1, 0 picks a free one. External: the broker's service listener (8884 in a generated
    /// configuration); 0 connects to <see cref="Port"/> instead, for a broker with a single listener.
    /// </summary>
    public int ServicePort { get; set; }

    /// <summary>Host name checked against the broker certificate; defaults to "localhost" for loopback addresses.</summary>
    public string? TlsServerName { get; set; }

    /// <summary>Path of the mosquitto binary for the embedded broker; empty searches PATH and sbin.</summary>
    public string? MosquittoPath { get; set; }

    /// <summary>Embedded broker data directory; relative paths are under the data directory.</summary>
    public string DataDirectory { get; set; } = "broker";

    /// <summary>
    /// Embedded broker: TLS connections it refused from one address for one reason within this window are one
    /// alert and at most two host events (the first at once, the rest counted when the window ends).
    /// </summary>
    public TimeSpan RefusalWindow { get; set; } = TimeSpan.FromSeconds(60);
}

public sealed class RabbitMqConnectionOptions
{
    /// <summary>AMQP over TLS endpoints (host:port) of the cluster's nodes; the host connects to the first that answers and fails over to the others.</summary>
    public IList<string> Endpoints { get; } = [];

    /// <summary>Name checked against the nodes' certificate; defaults to "localhost" for loopback endpoints, else the endpoint's host.</summary>
    public string? TlsServerName { get; set; }

    /// <summary>Unacknowledged messages one host instance holds per queue (the rest stay in the queue for other instances).</summary>
    public ushort Prefetch { get; set; } = 256;
}

public sealed class IngestOptions
{
    /// <summary>
    /// Shared-subscription group: host instances in one group share the event load. Empty (the default)
    /// derives a name devices cannot guess from the service key (<see cref="Ingest.ShareGroupName"/>).
    /// </summary>
    public string? ShareGroup { get; set; }

    /// <summary>MQTT client id of this instance (persistent session); unique per instance.</summary>
    public string ClientId { get; set; } = "edgesec-host-1";

    /// <summary>Messages handled in parallel (one device's messages are always handled in order).</summary>
    public int Concurrency { get; set; } = 128;

    /// <summary>Verified messages waiting for the writer; when full, devices get a busy ack.</summary>
    public int QueueCapacity { get; set; } = 256;

    /// <summary>Most messages the writer stores in one transaction.</summary>
    public int MaxMessagesPerCommit { get; set; } = 128;

    /// <summary>
    /// Rejected messages of one device for one reason within this window are stored as one row with their
    /// count (the first at once, the rest when the window ends), so a flood costs a few writes.
    /// </summary>
    public TimeSpan RejectionWindow { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Back-off the busy ack asks the device to wait before resending.</summary>
    public int BusyRetryAfterMs { get; set; } = 5000;

    /// <summary>
    /// How long a batch that continues after a hole in its device's chain waits for the hole to fill (another host
    /// instance storing the missing batch) before the device is asked to resend; 0 answers at once (decision 215).
    /// </summary>
    public int GapWaitMs { get; set; } = 1000;

    /// <summary>Batches of this instance waiting for a hole at once; beyond it a hole is answered at once.</summary>
    public int GapWaitsAtOnce { get; set; } = 32;
}

public sealed class ApiOptions
{
    /// <summary>API tokens: only SHA-256 hashes of the tokens are configured, never the tokens.</summary>
    public IList<ApiTokenOptions> Tokens { get; } = [];

    /// <summary>Failed authentications one client address may make within <see cref="FailedAuthenticationWindow"/> before it gets 429.</summary>
    public int FailedAuthenticationLimit { get; set; } = 10;

    public TimeSpan FailedAuthenticationWindow { get; set; } = TimeSpan.FromMinutes(1);
}

public sealed class ApiTokenOptions
{
    /// <summary>Who holds the token (for logs and audit; never the token itself).</summary>
    public string Name { get; set; } = "";

    /// <summary>Hex SHA-256 of the token's UTF-8 bytes (echo -n TOKEN | sha256sum).</summary>
    public string Sha256 { get; set; } = "";

    /// <summary>viewer, analyst, operator or admin.</summary>
    public string Role { get; set; } = "viewer";
}

public sealed class OtaOptions
{
    /// <summary>The fleet's signed trust root (the file given to 'edgesec device enroll --trust-root');
    /// relative paths are under the PKI directory. Without it the host refuses OTA uploads.</summary>
    public string? TrustRootFile { get; set; }

    /// <summary>Largest bundle an upload may carry.</summary>
    public int MaxBundleBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>Devices downloading at the same time across all campaigns of this host.</summary>
    public int DownloadSlots { get; set; } = 128;

    /// <summary>A downloading device that asked for no chunk for this long loses its slot and is offered again later.</summary>
    public TimeSpan StallTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How often campaigns are looked at for devices to offer (new waves, free slots, stalls, re-offers).</summary>
    public TimeSpan OfferInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>A device working on an offer is offered again (new sequence) when it reported nothing for this long.</summary>
    public TimeSpan ReofferAfter { get; set; } = TimeSpan.FromSeconds(30);
}

public sealed class ExportOptions
{
    /// <summary>Continuous forwarders of OCSF records (docs/host.md "Forwarders").</summary>
    public IList<ForwarderOptions> Forwarders { get; } = [];
}

public enum ForwarderKind
{
    /// <summary>Append OCSF NDJSON to <see cref="ForwarderOptions.Path"/>.</summary>
    File = 0,

    /// <summary>POST OCSF NDJSON batches to <see cref="ForwarderOptions.Url"/>.</summary>
    Http = 1,

    /// <summary>RFC 5424 messages with a CEF payload to a syslog collector (<see cref="ForwarderOptions.Host"/>, Port, Transport).</summary>
    Syslog = 2,
}

public enum SyslogTransport
{
    Udp = 0,

    /// <summary>TCP with octet-counting framing (RFC 6587).</summary>
    Tcp = 1,

    /// <summary>TLS (RFC 5425), same framing.</summary>
    Tls = 2,
}

public sealed class ForwarderOptions
{
    /// <summary>Names the forwarder's cursor in the database: renaming it starts from the beginning.</summary>
    public string Name { get; set; } = "";

    public ForwarderKind Kind { get; set; } = ForwarderKind.File;

    /// <summary>File forwarders: the NDJSON file (relative paths are under the data directory).</summary>
    public string? Path { get; set; }

    /// <summary>HTTP forwarders: the collector's URL.</summary>
    public string? Url { get; set; }

    /// <summary>HTTP forwarders: name of the environment variable holding a bearer token for the collector.</summary>
    public string? BearerTokenEnv { get; set; }

    /// <summary>Syslog forwarders: the collector's host name or address.</summary>
    public string? Host { get; set; }

    /// <summary>Syslog forwarders: the collector's port (514 UDP/TCP, 6514 TLS by convention).</summary>
    public int Port { get; set; }

    public SyslogTransport Transport { get; set; } = SyslogTransport.Tls;

    /// <summary>Syslog over TLS: PEM file of the CA the collector's certificate must chain to (empty: the system's trust).</summary>
    public string? CaFile { get; set; }

    /// <summary>Syslog over TLS: the name checked against the collector's certificate (default: Host).</summary>
    public string? TlsServerName { get; set; }

    /// <summary>events, alerts, host-events; empty forwards all three.</summary>
    public IList<string> Sources { get; } = [];

    public int BatchSize { get; set; } = 500;

    /// <summary>How long to wait when everything is delivered, or after a failed delivery.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
