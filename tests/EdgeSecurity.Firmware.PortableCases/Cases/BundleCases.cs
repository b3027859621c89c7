using EdgeSecurity.Firmware.Core.Bundles;
using EdgeSecurity.Firmware.Core.Trust;
using EdgeSecurity.Firmware.PortableCases.Support;

namespace EdgeSecurity.Firmware.PortableCases.Cases
{
    /// <summary>Signed manifests and bundle containers made on .NET, verified by the core under the generated trust root.</summary>
    public static class BundleCases
    {
        public static string Manifest(VectorSet vectors)
        {
            Transcript transcript = new Transcript();
            BundleVerifier verifier = CaseKit.BundleVerifier();
            TrustRoot root = SignedTrustRoot.Parse(vectors.Bytes("trust.root")).Root;
            long now = CaseKit.Now(vectors);
            byte[] bytes = vectors.Bytes("bundle.1.manifest");

            SignedManifest signed = SignedManifest.Parse(bytes);
            Manifest manifest = signed.Manifest;
            transcript.Add("v" + manifest.Version + ",counter" + manifest.SecurityCounter + ",components" + manifest.ComponentCount + ",bytes" + manifest.TotalComponentSize());
            for (int i = 0; i < manifest.ComponentCount; i++)
            {
                ComponentEntry entry = manifest.GetComponent(i);
                transcript.Add(entry.Name + ":" + (int)entry.Kind + "," + entry.Size + "," + entry.ChunkCount + "," + Hex.Encode(entry.ComponentDigest, 0, 4));
            }

            Add(transcript, "threshold", verifier.VerifyManifest(signed, root, CaseKit.HardwareClass, 0, now));
            Add(transcript, "one-signer", verifier.VerifyManifest(SignedManifest.Parse(vectors.Bytes("bundle.under.manifest")), root, CaseKit.HardwareClass, 0, now));
            Add(transcript, "other-board", verifier.VerifyManifest(signed, root, "esp32-other-board", 0, now));
            Add(transcript, "counter-below-minimum", verifier.VerifyManifest(signed, root, CaseKit.HardwareClass, manifest.SecurityCounter + 1, now));
            Add(transcript, "expired", verifier.VerifyManifest(signed, root, CaseKit.HardwareClass, 0, manifest.ExpiresUnixSeconds + 1));
            Add(transcript, "changed-signature", verifier.VerifyManifest(SignedManifest.Parse(CaseKit.Flipped(bytes, bytes.Length - 1)), root, CaseKit.HardwareClass, 0, now));
            return transcript.ToString();
        }

        public static string Container(VectorSet vectors)
        {
            Transcript transcript = new Transcript();
            BundleVerifier verifier = CaseKit.BundleVerifier();
            TrustRoot root = SignedTrustRoot.Parse(vectors.Bytes("trust.root")).Root;
            long now = CaseKit.Now(vectors);
            byte[] container = vectors.Bytes("bundle.1");
            transcript.Add("bytes" + container.Length);

            InMemoryFlash flash = new InMemoryFlash(1024 * 1024);
            flash.Write("bundle.bin", 0, container, 0, container.Length);
            Add(transcript, "intact", verifier.VerifyContainer(flash, "bundle.bin", root, CaseKit.HardwareClass, 0, now));

            // One byte of the last component's payload, then one byte of the first component's first chunk.
            flash.Write("bundle.bin", 0, CaseKit.Flipped(container, container.Length - 1), 0, container.Length);
            Add(transcript, "last-byte-changed", verifier.VerifyContainer(flash, "bundle.bin", root, CaseKit.HardwareClass, 0, now));
            BundleContainer opened = BundleContainer.Open(flash, "bundle.bin");
            int first = opened.GetComponentOffset(0);
            flash.Write("bundle.bin", 0, CaseKit.Flipped(container, first), 0, container.Length);
            Add(transcript, "first-chunk-changed", verifier.VerifyContainer(flash, "bundle.bin", root, CaseKit.HardwareClass, 0, now));

            flash.SetLength("bundle.bin", container.Length - 10);
            Add(transcript, "truncated", verifier.VerifyContainer(flash, "bundle.bin", root, CaseKit.HardwareClass, 0, now));
            return transcript.ToString();
        }

        private static void Add(Transcript transcript, string label, BundleVerification result)
        {
            string outcome = result.IsValid ? "valid" : "fail" + (int)result.Failure;
            if (result.ComponentName != null)
            {
                outcome += "," + result.ComponentName + "#" + result.ChunkIndex;
            }

            transcript.Add(label + ":" + outcome + "," + CaseKit.Describe(result.Tally));
        }
    }
}
