using EdgeSecurity.Host.Configuration;
using EdgeSecurity.Host.Hosting;

// Configuration: appsettings.json, environment (EdgeSecurity__PkiDirectory=...), command line
// (--EdgeSecurity:PkiDirectory=...). docs/host.md lists every setting.
var configuration = new ConfigurationBuilder()
    .SetBasePath(AppContext.BaseDirectory)
    .AddJsonFile("appsettings.json", optional: true)
    .AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true)
    .AddEnvironmentVariables()
    .AddCommandLine(args)
    .Build();
var options = configuration.GetSection(EdgeSecurityHostOptions.SectionName).Get<EdgeSecurityHostOptions>() ?? new EdgeSecurityHostOptions();

try
{
    await using var app = EdgeSecurityHost.Build(options, args);
    await app.Services.GetRequiredService<EdgeSecurity.Host.Storage.ITelemetryStore>().MigrateAsync(CancellationToken.None);
    await app.RunAsync();
    return 0;
}
catch (HostConfigurationException e)
{
    await Console.Error.WriteLineAsync("edgesec host: " + e.Message);
    return 2;
}
catch (Exception e) when (e is EdgeSecurity.Broker.BrokerException or EdgeSecurity.Pki.PkiException)
{
    await Console.Error.WriteLineAsync("edgesec host: " + e.Message);
    return 2;
}
