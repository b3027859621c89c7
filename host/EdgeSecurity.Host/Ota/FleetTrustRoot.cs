using EdgeSecurity.Firmware.Core.Bundles;
using EdgeSecurity.Firmware.Core.Serialization;
using EdgeSecurity.Firmware.Core.Trust;
using EdgeSecurity.Host.Configuration;
using EdgeSecurity.Host.Storage;
using EdgeSecurity.Pki;
using EdgeSecurity.Signing.TrustRoots;

namespace EdgeSecurity.Host.Ota;

/// <summary>
/// The trust root the host validates uploads against: the newest root uploaded as a rotation
/// (<c>edgesec ota root upload</c>), else the configured file (<c>Ota:TrustRootFile</c>), which must be a
/// signed root accepted by its own root keys, as a device accepts it at provisioning.
/// </summary>
public sealed class FleetTrustRoot(TrustRootFile? configured, ITelemetryStore store)
{
    private readonly TrustRootFile? _configured = configured;
    private readonly ITelemetryStore _store = store;

    /// <summary>The root uploads are validated against, or null when the host has none.</summary>
    public async Task<TrustRootFile?> CurrentAsync(CancellationToken cancellationToken)
    {
        var uploaded = await _store.Ota.ListTrustRootsAsync(cancellationToken).ConfigureAwait(false);
        if (uploaded.Count > 0 && (_configured is null || uploaded[0].Version > _configured.Root.Version))
        {
            var bytes = await _store.Ota.GetTrustRootContentAsync(uploaded[0].Version, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"Trust root v{uploaded[0].Version} is listed but its bytes are missing.");
            return TrustRootFile.Parse(bytes);
        }

        return _configured;
    }

    /// <summary>The current root or a 409 telling the operator how to configure one.</summary>
    public async Task<TrustRootFile> RequireAsync(CancellationToken cancellationToken) =>
        await CurrentAsync(cancellationToken).ConfigureAwait(false)
        ?? throw OtaRequestException.Conflict(
            "No fleet trust root",
            "The host has no trust root to validate OTA uploads against: set EdgeSecurity:Ota:TrustRootFile to the fleet's signed trust root (docs/host.md).");

    /// <summary>Reads and checks <c>Ota:TrustRootFile</c> at start-up (null when not configured); a file that
    /// is missing, malformed, unsigned or not accepted by its own root keys stops the host with the reason.</summary>
    public static TrustRootFile? LoadConfigured(EdgeSecurityHostOptions options, PkiLayout pki)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(pki);
        if (string.IsNullOrWhiteSpace(options.Ota.TrustRootFile))
        {
            return null;
        }

        var path = Path.GetFullPath(Path.Combine(pki.Root, options.Ota.TrustRootFile));
        TrustRootFile root;
        try
        {
            root = TrustRootFile.Parse(File.ReadAllBytes(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or MalformedDataException)
        {
            throw new HostConfigurationException($"Ota:TrustRootFile '{path}' cannot be used: {e.Message}", e);
        }

        if (root.Signed is null)
        {
            throw new HostConfigurationException($"Ota:TrustRootFile '{path}' is an unsigned trust root: give the signed root devices are provisioned with ('edgesec root sign').");
        }

        // Expiry is left to the upload checks, which report it per bundle (TrustRootExpired).
        var verdict = root.VerifyInitial(BundleVerifier.ExpiryNotChecked);
        return verdict.IsValid
            ? root
            : throw new HostConfigurationException($"Ota:TrustRootFile '{path}' is not a valid trust root ({verdict.Failure}): {verdict.Message}");
    }
}
