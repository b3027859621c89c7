using System.Text;
using System.Text.Json.Nodes;
using EdgeSecurity.Signing.Keys;

namespace EdgeSecurity.Signing.Tests;

public sealed class KeyFilesTests : IDisposable
{
    // The lowest cost the format accepts keeps the tests fast; one test uses the default.
    private const int FastIterations = 100_000;
    private const string Passphrase = "correct horse battery staple";

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    [Trait("Requirement", "SR-KEY-001")]
    public void An_unprotected_key_round_trips_and_signs_the_same()
    {
        using var key = Ed25519PrivateKey.Generate();
        var (privatePath, publicPath) = KeyFiles.WriteKeyPair(_directory.File("k"), key, passphrase: null, overwrite: false);

        using var read = KeyFiles.ReadPrivateKey(privatePath, passphrase: null);
        var message = Encoding.UTF8.GetBytes("message");

        Assert.Equal(key.PublicKey, read.PublicKey);
        Assert.Equal(key.Sign(message), read.Sign(message));
        Assert.Equal(key.PublicKey, KeyFiles.ReadPublicKey(publicPath));
        Assert.False(KeyFiles.IsPassphraseProtected(privatePath));
    }

    [Fact]
    [Trait("Requirement", "SR-KEY-003")]
    public void A_protected_key_round_trips_with_the_right_passphrase_and_never_stores_the_seed_in_clear()
    {
        using var key = Ed25519PrivateKey.Generate();
        var path = _directory.File("p.key");
        KeyFiles.WritePrivateKey(path, key, Passphrase, FastIterations);

        using var read = KeyFiles.ReadPrivateKey(path, () => Passphrase);

        Assert.Equal(key.PublicKey, read.PublicKey);
        Assert.True(KeyFiles.IsPassphraseProtected(path));
        var document = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        Assert.False(document.ContainsKey("seed"));
        Assert.Equal("pbkdf2-hmac-sha256+aes-256-gcm", (string?)document["protection"]);
    }

    [Fact]
    [Trait("Requirement", "SR-KEY-003")]
    public void New_protected_keys_use_the_default_high_iteration_count()
    {
        using var key = Ed25519PrivateKey.Generate();
        var path = _directory.File("d.key");
        KeyFiles.WritePrivateKey(path, key, Passphrase);

        var document = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        Assert.Equal(600_000, (int)document["kdfIterations"]!);
    }

    [Fact]
    [Trait("Requirement", "SR-KEY-003")]
    public void A_wrong_passphrase_is_refused_with_a_clear_message_that_reveals_nothing()
    {
        using var key = Ed25519PrivateKey.Generate();
        var path = _directory.File("w.key");
        KeyFiles.WritePrivateKey(path, key, Passphrase, FastIterations);

        var error = Assert.Throws<KeyFileException>(() => KeyFiles.ReadPrivateKey(path, () => "wrong passphrase"));

        Assert.Equal(KeyFileError.WrongPassphrase, error.Error);
        Assert.Contains("Wrong passphrase", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Passphrase, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong passphrase", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Requirement", "SR-KEY-003")]
    public void A_protected_key_without_a_passphrase_source_says_how_to_give_one()
    {
        using var key = Ed25519PrivateKey.Generate();
        var path = _directory.File("n.key");
        KeyFiles.WritePrivateKey(path, key, Passphrase, FastIterations);

        var error = Assert.Throws<KeyFileException>(() => KeyFiles.ReadPrivateKey(path, passphrase: null));

        Assert.Equal(KeyFileError.PassphraseRequired, error.Error);
        Assert.Contains("--passphrase-env", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Requirement", "SR-KEY-003")]
    public void Swapping_the_public_key_in_a_protected_file_makes_it_unreadable()
    {
        using var key = Ed25519PrivateKey.Generate();
        using var other = Ed25519PrivateKey.Generate();
        var path = _directory.File("s.key");
        KeyFiles.WritePrivateKey(path, key, Passphrase, FastIterations);
        var document = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        document["publicKey"] = Convert.ToBase64String(other.PublicKey.ToArray());
        document["keyId"] = other.PublicKey.KeyId;
        File.WriteAllText(path, document.ToJsonString());

        var error = Assert.Throws<KeyFileException>(() => KeyFiles.ReadPrivateKey(path, () => Passphrase));

        Assert.Equal(KeyFileError.WrongPassphrase, error.Error);
    }

    [Fact]
    [Trait("Requirement", "SR-KEY-002")]
    public void Private_key_files_are_owner_only_and_public_key_files_are_not_secret()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var key = Ed25519PrivateKey.Generate();
        var (privatePath, publicPath) = KeyFiles.WriteKeyPair(_directory.File("m"), key, passphrase: null, overwrite: false);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(privatePath));
        Assert.False(File.GetUnixFileMode(publicPath).HasFlag(UnixFileMode.OtherWrite));
        Assert.Empty(Directory.GetFiles(_directory.Path, "*.tmp-*"));
    }

    [Fact]
    [Trait("Requirement", "SR-KEY-004")]
    public void Existing_keys_are_not_overwritten_unless_asked_and_nothing_is_written_on_refusal()
    {
        using var first = Ed25519PrivateKey.Generate();
        using var second = Ed25519PrivateKey.Generate();
        var basename = _directory.File("o");
        KeyFiles.WritePublicKey(basename + ".pub", first.PublicKey);

        var error = Assert.Throws<KeyFileException>(() => KeyFiles.WriteKeyPair(basename, second, null, overwrite: false));

        Assert.Equal(KeyFileError.AlreadyExists, error.Error);
        Assert.False(File.Exists(basename + ".key"));
        Assert.Equal(first.PublicKey, KeyFiles.ReadPublicKey(basename + ".pub"));

        KeyFiles.WriteKeyPair(basename, second, null, overwrite: true);
        Assert.Equal(second.PublicKey, KeyFiles.ReadPublicKey(basename + ".pub"));
    }

    [Fact]
    [Trait("Requirement", "SR-KEY-001")]
    public void A_public_key_file_given_as_a_private_key_is_named_as_the_wrong_type()
    {
        using var key = Ed25519PrivateKey.Generate();
        var (_, publicPath) = KeyFiles.WriteKeyPair(_directory.File("t"), key, null, overwrite: false);

        var error = Assert.Throws<KeyFileException>(() => KeyFiles.ReadPrivateKey(publicPath, null));

        Assert.Equal(KeyFileError.WrongKeyType, error.Error);
        Assert.Contains("public key file", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("{\"type\":\"something-else\",\"version\":1}")]
    [InlineData("{\"type\":\"edgesec-ed25519-private-key\",\"version\":1,\"protection\":\"none\"}")]
    [InlineData("-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIA==\n-----END PRIVATE KEY-----\n")]
    public void Files_that_are_not_edgesec_key_files_are_refused_as_malformed(string contents)
    {
        var path = _directory.File("x.key");
        File.WriteAllText(path, contents);

        var error = Assert.Throws<KeyFileException>(() => KeyFiles.ReadPrivateKey(path, null));

        Assert.Equal(KeyFileError.Malformed, error.Error);
    }

    [Fact]
    public void A_missing_key_file_is_reported_as_not_found()
    {
        var error = Assert.Throws<KeyFileException>(() => KeyFiles.ReadPublicKey(_directory.File("absent.pub")));

        Assert.Equal(KeyFileError.NotFound, error.Error);
    }

    [Fact]
    [Trait("Requirement", "SR-KEY-001")]
    public void Generated_keys_differ_and_the_seed_never_shows_in_text()
    {
        using var a = Ed25519PrivateKey.Generate();
        using var b = Ed25519PrivateKey.Generate();

        Assert.NotEqual(a.PublicKey, b.PublicKey);
        Assert.Equal($"Ed25519 private key {a.PublicKey.KeyId}", a.ToString());
    }
}
