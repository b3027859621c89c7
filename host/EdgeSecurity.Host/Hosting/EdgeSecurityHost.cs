using EdgeSecurity.Broker;
using EdgeSecurity.Broker.Supervision;
using EdgeSecurity.Host.Alerts;
using EdgeSecurity.Host.Api;
using EdgeSecurity.Host.Api.OpenApi;
using EdgeSecurity.Host.Configuration;
using EdgeSecurity.Host.Devices;
using EdgeSecurity.Host.Ingest;
using EdgeSecurity.Host.Ota;
using EdgeSecurity.Host.Ota.Delivery;
using EdgeSecurity.Host.Storage;
using EdgeSecurity.Host.WebConsole;
using EdgeSecurity.Pki;
using EdgeSecurity.Pki.Storage;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace EdgeSecurity.Host.Hosting;

/// <summary>
/// Builds and starts the host service: storage, embedded or external broker, registry import, ingest,
/// alerts and the read API. Used by Program (a normal process) and by tests (in-process).
/// </summary>
public static class EdgeSecurityHost
{
    /// <summary>Default API address when none is configured.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <summary>
    /// Starts a host with <paramref name="options"/>. Configuration problems (no PKI, no mosquitto, bad
    /// rule file, bad token hash) are a <see cref="HostConfigurationException"/> that says what to do.
    /// </summary>
    public static async Task<RunningHost> StartAsync(EdgeSecurityHostOptions options, CancellationToken cancellationToken, Action<WebApplicationBuilder>? customize = null)
    {
        var app = Build(options, [], customize);
        try
        {
            await app.Services.GetRequiredService<ITelemetryStore>().MigrateAsync(cancellationToken).ConfigureAwait(false);
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is BrokerException or PkiException)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw new HostConfigurationException(e.Message, e);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return new RunningHost(app);
    }

    /// <summary>Validates <paramref name="options"/> and builds the application (not started).</summary>
    public static WebApplication Build(EdgeSecurityHostOptions options, string[] args, Action<WebApplicationBuilder>? customize = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var pki = RequirePki(options.PkiDirectory);
        bool rabbitMq = options.Broker.Engine == BrokerEngine.RabbitMq;
        if (rabbitMq)
        {
            RequireRabbitMqEndpoints(options.Broker.RabbitMq);
        }
        else if (options.Broker.Mode == BrokerMode.Embedded)
        {
            RequireMosquitto(options.Broker.MosquittoPath);
        }

        RequireSecretShareGroup(options.Ingest.ShareGroup, pki);
        var rules = LoadRules(options.AlertRulesFile);
        _ = new ApiTokenAuthenticator(options.Api); // validates the configured tokens before anything starts
        var limiter = FailedAuthenticationLimiter(options.Api);
        // The data directory holds the database and the broker's state: the host's user alone may read it.
        SecureFiles.CreateOwnerOnlyDirectory(options.ResolvedDataDirectory);
        var storeFactory = StoreFactory(options);
        var configuredRoot = FleetTrustRoot.LoadConfigured(options, pki);
        ValidateForwarders(options);
        ValidateAttestation(options.Attestation);

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args });
        builder.WebHost.UseUrls(options.Urls.Count > 0 ? [.. options.Urls] : [DefaultUrl]);
        var services = builder.Services;
        services.AddSingleton(Microsoft.Extensions.Options.Options.Create(options));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(pki);
        services.AddSingleton(rules);
        services.AddSingleton(sp => new ApiTokenAuthenticator(options.Api, sp.GetRequiredService<ITelemetryStore>()));
        services.AddSingleton(sp => new FailedAuthenticationLimiter(limiter.MaxFailures, limiter.Window, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<HostSecurityEvents>();
        services.AddSingleton(_ => storeFactory());
        services.AddSingleton(new BrokerEndpoint(options.Broker));
        services.AddSingleton<DeviceDirectory>();
        services.AddSingleton<DeviceKeyCache>();
        services.AddSingleton<BurstTracker>();
        services.AddSingleton<AlertEngine>();
        services.AddSingleton<IngestMetrics>();
        services.AddSingleton<ChainHeadCache>();
        services.AddSingleton<BatchVerifier>();
        services.AddSingleton<GapRecheck>();
        services.AddSingleton<EventIngestor>();
        services.AddSingleton(sp => new FleetTrustRoot(configuredRoot, sp.GetRequiredService<ITelemetryStore>()));
        services.AddSingleton<BundleUploads>();
        services.AddSingleton<TrustRootUploads>();
        services.AddSingleton<CampaignService>();
        services.AddSingleton(new DownloadSlots(Math.Max(1, options.Ota.DownloadSlots), options.Ota.StallTimeout));
        services.AddSingleton<ActiveCampaigns>();
        services.AddSingleton<BundleChunkSource>();
        services.AddSingleton<OtaReportHandler>();
        services.AddSingleton<Attestation.AttestationChallenger>();
        services.AddSingleton<Attestation.AttestationAnswerHandler>();
        AddHosted<RejectionRecorder>(services);
        services.AddProblemDetails(o => o.CustomizeProblemDetails = ApiProblemHandler.AddMissingDetail);
        services.AddExceptionHandler<ApiProblemHandler>();
        services.AddEdgeSecurityOpenApi();

        // Start order matters: broker, then the fleet, then the writer, then the connection that feeds it.
        if (rabbitMq)
        {
            AddRabbitMqEngine(services);
        }
        else
        {
            AddMosquittoEngine(services, options.Broker.Mode);
        }
        AddHosted<OfferScheduler>(services);
        AddHosted<SilentDeviceSweeper>(services);
        AddHosted<Attestation.AttestationScheduler>(services);
        services.AddSingleton<CertificateInventory>();
        AddHosted<CertificateExpirySweeper>(services);
        services.AddSingleton<Export.ExportSinkFactory>();
        AddHosted<Export.ExportForwarding>(services);
        customize?.Invoke(builder);

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseConsole();
        app.MapEdgeSecurityApi();
        app.MapOtaApi();
        app.MapEdgeSecurityApiDocumentation();
        return app;
    }

    // The embedded or external mosquitto: shared subscriptions on the host's MQTT connections.
    private static void AddMosquittoEngine(IServiceCollection services, BrokerMode mode)
    {
        services.AddSingleton<MqttAckPublisher>();
        services.AddSingleton<IAckPublisher>(sp => sp.GetRequiredService<MqttAckPublisher>());
        services.AddSingleton<MqttOtaPublisher>();
        services.AddSingleton<IOtaPublisher>(sp => sp.GetRequiredService<MqttOtaPublisher>());
        if (mode == BrokerMode.Embedded)
        {
            // Before the broker: stopped after it, so the refusals of its last moments are stored too.
            AddHosted<RefusedConnectionRecorder>(services);
            AddHosted<EmbeddedBroker>(services);
        }

        AddHosted<FleetRegistrySync>(services);
        AddHosted<IngestWriter>(services);
        AddHosted<IngestService>(services);
        services.AddSingleton<IIngestConnection>(sp => sp.GetRequiredService<IngestService>());
        AddHosted<OtaConnection>(services);
        AddHosted<Attestation.AttestationConnection>(services);
        AddHosted<ServiceCertificateWatcher>(services);
    }

    // A RabbitMQ cluster: the host queues as competing consumers, host -> device messages through the topic exchange.
    private static void AddRabbitMqEngine(IServiceCollection services)
    {
        AddHosted<RabbitMq.RabbitMqSession>(services);
        AddHosted<RabbitMq.RabbitMqDevicePublisher>(services);
        services.AddSingleton<IAckPublisher>(sp => sp.GetRequiredService<RabbitMq.RabbitMqDevicePublisher>());
        services.AddSingleton<IOtaPublisher>(sp => sp.GetRequiredService<RabbitMq.RabbitMqDevicePublisher>());
        AddHosted<FleetRegistrySync>(services);
        AddHosted<IngestWriter>(services);
        AddHosted<RabbitMqIngestConsumer>(services);
        services.AddSingleton<IIngestConnection>(sp => sp.GetRequiredService<RabbitMqIngestConsumer>());
        AddHosted<RabbitMqOtaReportConsumer>(services);
        AddHosted<Attestation.RabbitMqAttestationConsumer>(services);
    }

    private static void RequireRabbitMqEndpoints(RabbitMqConnectionOptions rabbitMq)
    {
        if (rabbitMq.Endpoints.Count == 0)
        {
            throw new HostConfigurationException(
                "Broker engine 'RabbitMq' needs the cluster's AMQP endpoints: EdgeSecurity:Broker:RabbitMq:Endpoints:0=node1:5671 (one entry per node).");
        }

        if (rabbitMq.Prefetch == 0)
        {
            throw new HostConfigurationException("EdgeSecurity:Broker:RabbitMq:Prefetch must be at least 1.");
        }
    }

    private static void AddHosted<T>(IServiceCollection services)
        where T : class, IHostedService
    {
        services.AddSingleton<T>();
        services.AddHostedService(sp => sp.GetRequiredService<T>());
    }

    private static (int MaxFailures, TimeSpan Window) FailedAuthenticationLimiter(ApiOptions api) =>
        api.FailedAuthenticationLimit < 1 || api.FailedAuthenticationWindow <= TimeSpan.Zero
            ? throw new HostConfigurationException(
                $"Api:FailedAuthenticationLimit must be at least 1 (is {api.FailedAuthenticationLimit}) and Api:FailedAuthenticationWindow positive (is {api.FailedAuthenticationWindow}).")
            : (api.FailedAuthenticationLimit, api.FailedAuthenticationWindow);

    // A forwarder that cannot work is a start-up error, not a retry loop that never succeeds.
    private static void ValidateForwarders(EdgeSecurityHostOptions options)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var f in options.Export.Forwarders)
        {
            var problem = f switch
            {
                _ when !EdgeSecurity.Pki.DeviceId.IsValid(f.Name) => "Name must be lowercase letters, digits and '-'",
                _ when !names.Add(f.Name) => "Name is used twice",
                { Kind: ForwarderKind.File, Path: null or "" } => "a file forwarder needs Path",
                { Kind: ForwarderKind.Http } when !Uri.TryCreate(f.Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https") => "an http forwarder needs an absolute http(s) Url",
                { Kind: ForwarderKind.Syslog, Host: null or "" } => "a syslog forwarder needs Host",
                { Kind: ForwarderKind.Syslog, Port: < 1 or > 65535 } => "a syslog forwarder needs Port (1-65535)",
                { Kind: ForwarderKind.Syslog, CaFile: { } ca } when !File.Exists(ca) => $"CaFile '{ca}' does not exist",
                _ when f.Sources.Any(s => !Export.ExportSources.All.Contains(s)) => $"Sources may only name {string.Join(", ", Export.ExportSources.All)}",
                _ when f.BatchSize is < 1 or > 1000 => "BatchSize must be 1 to 1000",
                _ when f.PollInterval <= TimeSpan.Zero => "PollInterval must be positive",
                _ => null,
            };
            if (problem is not null)
            {
                throw new HostConfigurationException($"Export forwarder '{f.Name}': {problem}.");
            }

            if (f.Kind == ForwarderKind.File && !Path.IsPathRooted(f.Path))
            {
                f.Path = Path.Combine(options.ResolvedDataDirectory, f.Path!);
            }
        }
    }

    private static void ValidateAttestation(AttestationOptions attestation)
    {
        if (attestation.Interval <= TimeSpan.Zero || attestation.Deadline <= TimeSpan.Zero || attestation.SweepInterval <= TimeSpan.Zero || attestation.Jitter is < 0 or > 1)
        {
            throw new HostConfigurationException(
                $"EdgeSecurity:Attestation needs a positive Interval (is {attestation.Interval}), Deadline (is {attestation.Deadline}) and SweepInterval (is {attestation.SweepInterval}), and a Jitter from 0 to 1 (is {attestation.Jitter}).");
        }
    }

    private static PkiLayout RequirePki(string directory)
    {
        var pki = new PkiLayout(Path.GetFullPath(directory));
        var missing = new[] { pki.CaCertificate, pki.Registry, pki.ServiceCertificate, pki.ServiceKey }.Where(f => !File.Exists(f)).ToList();
        if (missing.Count > 0)
        {
            throw new HostConfigurationException(
                $"No usable fleet PKI in '{pki.Root}' (missing {string.Join(", ", missing.Select(Path.GetFileName))}). " +
                $"Run 'edgesec pki init --dir {pki.Root}' first, or point EdgeSecurity:PkiDirectory at the PKI directory.");
        }

        return pki;
    }

    private static void RequireMosquitto(string? path)
    {
        try
        {
            MosquittoExecutable.Locate(string.IsNullOrEmpty(path) ? null : path);
        }
        catch (BrokerException e)
        {
            throw new HostConfigurationException(e.Message + " Or use an external broker: EdgeSecurity:Broker:Mode=External with Host and Port.", e);
        }
    }

    private static void RequireSecretShareGroup(string? configured, PkiLayout pki)
    {
        try
        {
            ShareGroupName.Resolve(configured, pki);
        }
        catch (ArgumentException e)
        {
            throw new HostConfigurationException(e.Message, e);
        }
    }

    private static AlertRuleSet LoadRules(string? path)
    {
        try
        {
            return AlertRuleSet.Load(path);
        }
        catch (AlertRuleException e)
        {
            throw new HostConfigurationException(e.Message, e);
        }
    }

    private static Func<ITelemetryStore> StoreFactory(EdgeSecurityHostOptions options)
    {
        var storage = options.Storage;
        switch (storage.Provider.ToUpperInvariant())
        {
            case "SQLITE":
                var path = Path.Combine(options.ResolvedDataDirectory, storage.SqlitePath);
                return () => TelemetryStoreFactory.Sqlite(path);
            case "POSTGRESQL" or "POSTGRES":
                var connection = string.IsNullOrWhiteSpace(storage.ConnectionString)
                    ? throw new HostConfigurationException("Storage provider 'postgresql' needs EdgeSecurity:Storage:ConnectionString (Host=...;Database=...;Username=...).")
                    : storage.ConnectionString;
                return () => TelemetryStoreFactory.Postgres(connection);
            default:
                throw new HostConfigurationException($"Unknown storage provider '{storage.Provider}': use 'sqlite' (default) or 'postgresql'.");
        }
    }

    internal static Uri ListeningAddress(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var first = addresses.FirstOrDefault() ?? throw new InvalidOperationException("The HTTP server reports no listening address.");
        return new Uri(first);
    }
}
