using BenchmarkDotNet.Attributes;
using Bc = Org.BouncyCastle.Math.EC.Rfc8032.Ed25519;
using Ed25519 = EdgeSecurity.Firmware.Core.Crypto.Ed25519;

namespace EdgeSecurity.Bench.Crypto;

/// <summary>
/// Ed25519 verification of one signature over a 256-byte message (about a manifest's size): the firmware
/// core's managed verifier against Portable.BouncyCastle 1.8.10 in the same run.
/// </summary>
[MemoryDiagnoser]
public class Ed25519VerifyBenchmarks
{
    private readonly byte[] _publicKey = new byte[Bc.PublicKeySize];
    private readonly byte[] _message = new byte[256];
    private readonly byte[] _signature = new byte[Bc.SignatureSize];

    [GlobalSetup]
    public void Setup()
    {
        // Fixed seed: the benchmark needs a valid signature, not a secret one.
        Random random = new(8032);
        byte[] secret = new byte[Bc.SecretKeySize];
        random.NextBytes(secret);
        random.NextBytes(_message);
        Bc.GeneratePublicKey(secret, 0, _publicKey, 0);
        Bc.Sign(secret, 0, _publicKey, 0, _message, 0, _message.Length, _signature, 0);
        if (!Ed25519.Verify(_publicKey, _message, _signature) || !Bc.Verify(_signature, 0, _publicKey, 0, _message, 0, _message.Length))
        {
            throw new InvalidOperationException("benchmark signature does not verify");
        }
    }

    [Benchmark(Baseline = true, Description = "EdgeSecurity Ed25519.Verify")]
    public bool Ours() => Ed25519.Verify(_publicKey, _message, _signature);

    [Benchmark(Description = "BouncyCastle 1.8.10 Ed25519.Verify")]
    public bool BouncyCastle() => Bc.Verify(_signature, 0, _publicKey, 0, _message, 0, _message.Length);
}
