using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace EdgeSecurity.Signing.Keys;

/// <summary>
/// The JSON shape of both key files (docs/formats/keys.md). One shape with a <see cref="Type"/> field,
/// so that a public key file given where a private one is expected is recognised and named.
/// </summary>
internal sealed class KeyFileDocument
{
    public const string PrivateType = "edgesec-ed25519-private-key";
    public const string PublicType = "edgesec-ed25519-public-key";
    public const int CurrentVersion = 1;
    public const string Unprotected = "none";

    [JsonPropertyName("type")]
    public string? Type { get; set; }

    [JsonPropertyName("version")]
    public int Version { get; set; }

    [JsonPropertyName("keyId")]
    public string? KeyId { get; set; }

    [JsonPropertyName("publicKey")]
    public string? PublicKey { get; set; }

    [JsonPropertyName("protection")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Protection { get; set; }

    [JsonPropertyName("seed")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Seed { get; set; }

    [JsonPropertyName("kdfIterations")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int KdfIterations { get; set; }

    [JsonPropertyName("salt")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Salt { get; set; }

    [JsonPropertyName("nonce")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Nonce { get; set; }

    [JsonPropertyName("encryptedSeed")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? EncryptedSeed { get; set; }

    [JsonPropertyName("tag")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Tag { get; set; }

    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public byte[] Serialize() => [.. JsonSerializer.SerializeToUtf8Bytes(this, Options), (byte)'\n'];

    public static KeyFileDocument Load(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new KeyFileException(KeyFileError.NotFound, $"Key file '{path}' does not exist.", e);
        }

        try
        {
            var document = JsonSerializer.Deserialize<KeyFileDocument>(bytes, Options);
            if (document?.Type is PrivateType or PublicType && document.Version == CurrentVersion)
            {
                return document;
            }
        }
        catch (JsonException)
        {
            // Reported below without the parser's text, which may quote the file's contents.
        }

        throw new KeyFileException(
            KeyFileError.Malformed,
            $"'{path}' is not an edgesec key file (expected the JSON written by 'edgesec keys generate', version {CurrentVersion}).");
    }

    /// <summary>The public key, checked against the key id the file claims.</summary>
    public Ed25519PublicKey ReadPublicKey(string path)
    {
        var bytes = Base64OrNull(PublicKey);
        if (bytes is not { Length: Ed25519PublicKey.Length })
        {
            throw Malformed(path, "the public key is missing or not 32 bytes of base64");
        }

        var key = new Ed25519PublicKey(bytes);
        if (!string.Equals(key.KeyId, KeyId, StringComparison.Ordinal))
        {
            throw Malformed(path, "the key id does not match the public key");
        }

        return key;
    }

    public static byte[]? Base64OrNull(string? text)
    {
        if (text is null)
        {
            return null;
        }

        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    public static KeyFileException Malformed(string path, string what) =>
        new(KeyFileError.Malformed, $"Key file '{path}' is damaged: {what}.");
}
