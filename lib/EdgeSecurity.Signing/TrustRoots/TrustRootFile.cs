using System.Runtime.ExceptionServices;
using EdgeSecurity.Firmware.Core.Serialization;
using EdgeSecurity.Firmware.Core.Trust;
using EdgeSecurity.Platform.Crypto;
using EdgeSecurity.Signing.Keys;
using EdgeSecurity.Signing.Platform;

namespace EdgeSecurity.Signing.TrustRoots;

/// <summary>
/// A trust root file as the tools pass it around: either unsigned (the core's encoded trust root, magic
/// "ESTR", written by `root init`/`rotate`/`revoke-key`) or signed (the core's signed trust root, magic
/// "ESSR"). Signing adds one signature and never changes the trust root bytes.
/// </summary>
public sealed class TrustRootFile
{
    private TrustRootFile(byte[] payload, TrustRoot root, SignedTrustRoot? signed)
    {
        Payload = payload;
        Root = root;
        Signed = signed;
    }

    /// <summary>The encoded trust root: the bytes every signature covers (after the context prefix).</summary>
    public byte[] Payload { get; }

    public TrustRoot Root { get; }

    /// <summary>The signed form, or null for a root nobody has signed yet.</summary>
    public SignedTrustRoot? Signed { get; }

    public IReadOnlyList<SignatureEntry> Signatures => Signed is null ? [] : EnvelopeSigning.Of(Signed.Envelope);

    public static TrustRootFile Unsigned(TrustRoot root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var payload = root.ToBytes();
        return new TrustRootFile(payload, TrustRoot.Parse(payload), null);
    }

    /// <summary>Parses with the core's parsers; throws <see cref="MalformedDataException"/> for bad bytes.</summary>
    public static TrustRootFile Parse(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        try
        {
            var signed = SignedTrustRoot.Parse(bytes);
            return new TrustRootFile(signed.Envelope.GetPayload(), signed.Root, signed);
        }
        catch (MalformedDataException notSigned) when (notSigned.Reason == MalformedReason.BadMagic)
        {
            try
            {
                return new TrustRootFile(bytes, TrustRoot.Parse(bytes), null);
            }
            catch (MalformedDataException notUnsigned) when (notUnsigned.Reason == MalformedReason.BadMagic)
            {
                // Neither form: report it as what was tried first.
                ExceptionDispatchInfo.Throw(notSigned);
                throw;
            }
        }
    }

    public static TrustRootFile Load(string path) => Parse(File.ReadAllBytes(path));

    /// <summary>This root with one more signature by <paramref name="key"/>.</summary>
    public TrustRootFile AddSignature(Ed25519PrivateKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var signatures = EnvelopeSigning.Append(Signatures, key, SigningContext.GetTrustRootPrefix(), Payload, "trust root");
        var signed = SignedTrustRoot.Create(Payload, signatures);
        return new TrustRootFile(Payload, signed.Root, signed);
    }

    /// <summary>The core's first-install check: signed by a threshold of its own root keys, key ids right, not expired.</summary>
    public TrustRootVerification VerifyInitial(long nowUnixSeconds) =>
        Verifier().VerifyInitial(RequireSigned(), nowUnixSeconds);

    /// <summary>The core's rotation check: a newer version signed by a threshold of root keys of <paramref name="current"/> and of itself.</summary>
    public TrustRootVerification VerifyRotationFrom(TrustRoot current, long nowUnixSeconds) =>
        Verifier().VerifyRotation(current, RequireSigned(), nowUnixSeconds);

    public byte[] ToBytes() => Signed is null ? (byte[])Payload.Clone() : Signed.ToBytes();

    private static TrustRootVerifier Verifier() => new(CoreCrypto.Verifier, CoreCrypto.Mac);

    private SignedTrustRoot RequireSigned() =>
        Signed ?? throw new SigningException($"Trust root v{Root.Version} has no signatures yet; sign it with 'edgesec root sign'.");
}
