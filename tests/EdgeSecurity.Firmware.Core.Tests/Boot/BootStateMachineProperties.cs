using EdgeSecurity.Firmware.Core.Boot;
using EdgeSecurity.Firmware.Core.Tests.TestSupport;
using EdgeSecurity.Firmware.HostPlatform.Storage;
using FsCheck.Fluent;
using Xunit.Abstractions;

namespace EdgeSecurity.Firmware.Core.Tests.Boot;

/// <summary>
/// Random sequences of boot, confirm, reject, complete and partial installs, corruption of a slot's
/// component or manifest, and reboots with a power cut armed at any later durable step (torn or clean),
/// on the file-backed flash simulator. A model kept by the test (not by the core) says what the device
/// may run; the invariants are checked after every step (docs/boot.md, "what the property test checks").
/// </summary>
public sealed class BootStateMachineProperties(ITestOutputHelper output) : IDisposable
{
    private static readonly TestRelease Release = new();

    /// <summary>The bundles the sequences install: two with counter 1, then counters 2 and 3.</summary>
    private static readonly TestBundle[] Pool =
    [
        Release.Bundle(1, 1, seed: 21),
        Release.Bundle(2, 1, seed: 22),
        Release.Bundle(3, 2, seed: 23),
        Release.Bundle(4, 3, seed: 24),
    ];

    private static readonly double[] TornFractions = [0.0, 0.5, 1.0];
    private readonly TestDevice _template = CreateTemplate();
    private readonly List<TestDevice> _runs = [];
    private long _operations;
    private long _cuts;
    private long _trials;
    private long _safeModes;

    private static TestDevice CreateTemplate()
    {
        var device = new TestDevice(Release);
        device.Provision(Pool[0]);
        return device;
    }

    public void Dispose()
    {
        _template.Dispose();
        _runs.ForEach(r => r.Dispose());
    }

    [Fact]
    [Trait("Requirement", "SR-BOOT-006")]
    [Trait("Requirement", "SR-BOOT-007")]
    [Trait("Requirement", "SR-BOOT-012")]
    [Trait("Requirement", "SR-BOOT-015")]
    public void Random_sequences_with_power_cuts_keep_every_boot_invariant()
    {
        var property = Prop.ForAll(
            Gen.ArrayOf(Gen.Choose(0, int.MaxValue)).ToArbitrary(),
            script =>
            {
                var run = new Run(NewDevice());
                foreach (var op in script.Take(40))
                {
                    run.Step((uint)op);
                }

                _operations += run.Operations;
                _cuts += run.Cuts;
                _trials += run.TrialBoots;
                _safeModes += run.SafeModes;
                return true;
            });
        FsCheck.Check.One(FsCheck.Config.QuickThrowOnFailure.WithMaxTest(150), property);
        output.WriteLine($"{_operations} operations, {_cuts} power cuts, {_trials} trial boots, {_safeModes} safe-mode boots");
        Assert.True(_cuts > 0 && _trials > 0 && _safeModes > 0, "the sequences exercised cuts, trials and safe mode");
    }

    private TestDevice NewDevice()
    {
        var device = _template.CloneTo(Directory.CreateTempSubdirectory("es-prop-").FullName);
        _runs.Add(device);
        return device;
    }

    /// <summary>One device and the test's model of what its boot state may vouch for.</summary>
    private sealed class Run(TestDevice device)
    {
        private readonly List<string> _log = [];

        /// <summary>Per slot (index 1, 2): the bundle the device certainly vouches for (confirmed, not revoked since), or -1.</summary>
        private readonly int[] _approved = [-1, 0, -1];

        /// <summary>Per slot: every bundle the device might vouch for after power cuts (a superset of the truth).</summary>
        private readonly HashSet<int>[] _maybeApproved = [[], [0], []];

        /// <summary>Per slot: bundles whose install into the slot may have completed and not been resolved: they may run only as a trial.</summary>
        private readonly HashSet<int>[] _trialAllowed = [[], [], []];

        private readonly int[] _trialRuns = [0, 0, 0];
        private TestBootSession? _session;
        private long _highestCounter = Pool[0].Counter;

        public int Operations { get; private set; }

        public int Cuts { get; private set; }

        public int TrialBoots { get; private set; }

        public int SafeModes { get; private set; }

        public void Step(uint op)
        {
            Operations++;
            // Weighted out of 40: 11 boot, 7 confirm, 3 reject, 7 complete install, 2 partial install, 1 each
            // corruption, 8 reboot with a power cut armed.
            var parameter = op / 40;
            var before = StoredCounter();
            var confirming = false;
            try
            {
                switch (op % 40)
                {
                    case < 11:
                        Boot(null);
                        break;
                    case < 18:
                        confirming = true;
                        Confirm();
                        break;
                    case < 21:
                        Reject();
                        break;
                    case < 28:
                        Install(Pool[parameter % Pool.Length], complete: true, chunks: int.MaxValue);
                        break;
                    case < 30:
                        Install(Pool[parameter % Pool.Length], complete: false, chunks: (int)(parameter / 4 % 6));
                        break;
                    case 30:
                        Corrupt(BootSlot.ComponentFile(1 + (int)(parameter % 2), (int)(parameter / 2 % 3)), parameter / 6);
                        break;
                    case 31:
                        Corrupt(BootSlot.ManifestFile(1 + (int)(parameter % 2)), parameter / 2);
                        break;
                    default:
                        // Steps from this boot on: 1 is the boot's own save, later ones hit an install, confirm or reject.
                        Boot(new PowerCutPlan(1 + (parameter % 16), TornFractions[parameter / 16 % 3]));
                        break;
                }
            }
            catch (PowerLossException)
            {
                Cuts++;
                _log.Add("  power cut");
                _session = null;
            }

            var after = StoredCounter();
            Check(after >= before && after >= _highestCounter, $"the counter went down from {Math.Max(before, _highestCounter)} to {after}");
            Check(confirming || after == before, $"the counter changed from {before} to {after} outside a confirmation");
            _highestCounter = Math.Max(_highestCounter, after);
        }

        private void Boot(PowerCutPlan? plan)
        {
            _log.Add(plan is null ? "boot" : $"boot, power cut armed at step {plan.CutAtStep} torn {plan.TornFraction}");
            _session = null;
            var counterBefore = StoredCounter();
            var holdsBefore = new[] { -1, Holds(BootSlot.A), Holds(BootSlot.B) };
            var session = device.Boot(device.PowerOn(plan));
            _session = session;
            var decision = session.Decision;
            _log.Add($"  -> {decision.Report}");

            if (decision.Verified is null)
            {
                SafeModes++;
                for (var slot = BootSlot.A; slot <= BootSlot.B; slot++)
                {
                    var bundle = _approved[slot];
                    Check(bundle < 0 || holdsBefore[slot] != bundle || Pool[bundle].Counter < counterBefore, $"safe mode although slot {BootSlot.Name(slot)} holds confirmed bundle {bundle} intact");
                }
            }
            else
            {
                // Nothing unverified runs: the slot holds, byte for byte, a genuine bundle not below the counter.
                var running = holdsBefore[decision.Slot];
                Check(running >= 0, $"slot {BootSlot.Name(decision.Slot)} runs but does not hold an intact bundle");
                Check(Pool[running].Counter >= counterBefore, "a bundle below the confirmed counter runs");
                Check(decision.Verified.SignedManifestBytes.AsSpan().SequenceEqual(Pool[running].SignedManifest), "the verified manifest is not the one on flash");
                if (decision.IsTrial)
                {
                    TrialBoots++;
                    Check(_trialAllowed[decision.Slot].Contains(running), $"bundle {running} runs as a trial in slot {BootSlot.Name(decision.Slot)} without a completed install");
                    _trialRuns[decision.Slot]++;
                    Check(_trialRuns[decision.Slot] <= BootManager.DefaultTrialAttempts, "more trial boots than attempts granted");
                }
                else
                {
                    Check(_maybeApproved[decision.Slot].Contains(running), $"bundle {running} runs outside a trial in slot {BootSlot.Name(decision.Slot)} but was never confirmed there (or was rejected)");
                }
            }

            if (!decision.IsTrial)
            {
                // A pending trial either runs at this boot or is abandoned by it.
                foreach (var allowed in _trialAllowed)
                {
                    allowed.Clear();
                }
            }
        }

        private void Confirm()
        {
            if (_session is null || !_session.Manager.IsTrialOpen)
            {
                return;
            }

            var slot = _session.Decision.Slot;
            var bundle = Array.FindIndex(Pool, b => b.SignedManifest.AsSpan().SequenceEqual(_session.Decision.Verified.SignedManifestBytes));
            _log.Add($"confirm bundle {bundle} in slot {BootSlot.Name(slot)}");
            _maybeApproved[slot].Add(bundle);
            _approved[slot] = -1; // certain only once the save is done
            var before = StoredCounter();
            _session.Manager.Confirm();
            _approved[slot] = bundle;
            _maybeApproved[slot].Clear();
            _maybeApproved[slot].Add(bundle);
            _trialAllowed[slot].Clear();
            Check(StoredCounter() == Math.Max(before, Pool[bundle].Counter), "Confirm did not raise the counter to the bundle's");
        }

        private void Reject()
        {
            if (_session is null || !_session.Manager.IsTrialOpen)
            {
                return;
            }

            var slot = _session.Decision.Slot;
            _log.Add($"reject the trial in slot {BootSlot.Name(slot)}");
            _session.Manager.RejectTrial();
            _approved[slot] = -1;
            _maybeApproved[slot].Clear();
            _trialAllowed[slot].Clear();
            Check(Throws(_session.Manager.Confirm), "Confirm after RejectTrial was accepted");
        }

        private void Install(TestBundle bundle, bool complete, int chunks)
        {
            _session ??= BootQuietly();
            var installer = _session.Installer();
            var target = installer.TargetSlot;
            var index = Array.IndexOf(Pool, bundle);
            _log.Add($"{(complete ? "install" : "partial install")} bundle {index} into slot {BootSlot.Name(target)}{(complete ? string.Empty : $" ({chunks} chunks)")}");
            var manifestThere = SlotManifest(target);
            var sameManifest = manifestThere is not null && manifestThere.AsSpan().SequenceEqual(bundle.SignedManifest);
            if (!sameManifest)
            {
                _approved[target] = -1; // from the first write on, no longer certain
            }

            var begun = installer.BeginInstall(bundle.SignedManifest);
            _log.Add($"  -> {begun}");
            if (!begun.IsAccepted)
            {
                return;
            }

            if (!sameManifest)
            {
                _maybeApproved[target].Clear();
                _trialAllowed[target].Clear();
            }

            var written = 0;
            for (var c = 0; c < bundle.Payloads.Length && written < chunks; c++)
            {
                for (var k = 0; k < bundle.Manifest.GetComponent(c).ChunkCount && written < chunks; k++, written++)
                {
                    if (!installer.IsChunkPresent(c, k))
                    {
                        installer.WriteChunk(c, k, TestDevice.Chunk(bundle, c, k));
                    }
                }
            }

            if (complete)
            {
                // A completed install is a new trial, even of the bundle the slot held confirmed before.
                _trialAllowed[target].Add(index);
                _trialRuns[target] = 0;
                _approved[target] = -1;
                var completed = installer.Complete();
                _log.Add($"  -> {completed}");
                if (completed.IsAccepted)
                {
                    _maybeApproved[target].Clear();
                }
                else
                {
                    _trialAllowed[target].Remove(index);
                }
            }
        }

        private void Corrupt(string file, uint position)
        {
            var flash = device.PowerOn();
            var length = flash.GetLength(file);
            _log.Add($"corrupt {file} at {(length > 0 ? position % length : 0)}");
            if (length <= 0)
            {
                return;
            }

            var one = new byte[1];
            flash.Read(file, (int)(position % length), one, 0, 1);
            one[0] ^= 0x21;
            flash.Write(file, (int)(position % length), one, 0, 1);
            flash.Flush(file);
        }

        private TestBootSession BootQuietly()
        {
            Boot(null);
            return _session!;
        }

        /// <summary>The pool bundle the slot holds byte for byte (manifest and every component), or -1.</summary>
        private int Holds(int slot)
        {
            var manifest = SlotManifest(slot);
            if (manifest is null)
            {
                return -1;
            }

            var index = Array.FindIndex(Pool, b => b.SignedManifest.AsSpan().SequenceEqual(manifest));
            if (index < 0)
            {
                return -1;
            }

            for (var c = 0; c < Pool[index].Payloads.Length; c++)
            {
                var file = Path.Combine(device.Directory, BootSlot.ComponentFile(slot, c));
                if (!File.Exists(file) || !File.ReadAllBytes(file).AsSpan().SequenceEqual(Pool[index].Payloads[c]))
                {
                    return -1;
                }
            }

            return index;
        }

        private byte[]? SlotManifest(int slot)
        {
            var file = Path.Combine(device.Directory, BootSlot.ManifestFile(slot));
            return File.Exists(file) ? File.ReadAllBytes(file) : null;
        }

        private long StoredCounter() => new BootStateStore(device.PowerOn()).Current.ConfirmedCounter;

        private static bool Throws(Action action)
        {
            try
            {
                action();
                return false;
            }
            catch (InvalidOperationException)
            {
                return true;
            }
        }

        private void Check(bool condition, string what)
        {
            if (!condition)
            {
                throw new InvalidOperationException($"invariant broken: {what}\n{string.Join("\n", _log)}");
            }
        }
    }
}
