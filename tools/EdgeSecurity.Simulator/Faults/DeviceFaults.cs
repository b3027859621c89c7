using EdgeSecurity.Firmware.Core.Boot;
using EdgeSecurity.Firmware.Core.Events;
using EdgeSecurity.Firmware.HostPlatform.Storage;
using EdgeSecurity.Simulator.Device;

namespace EdgeSecurity.Simulator.Faults;

/// <summary>Faults that happen on a device; each runs inside the device's loop (<see cref="SimulatedDevice.Inject"/>).</summary>
public static class DeviceFaults
{
    /// <summary>Changes one byte of the running application component on flash, then runs the integrity check (finds it).</summary>
    public static Action<SimulatedDevice> IntegrityViolation() => device =>
    {
        var runtime = device.Runtime ?? throw new InvalidOperationException($"{device.DeviceId} is powered off.");
        var file = BootSlot.ComponentFile(runtime.Decision.Slot, 0);
        var one = new byte[1];
        runtime.Flash.Read(file, 0, one, 0, 1);
        one[0] ^= 0xFF;
        runtime.Flash.Write(file, 0, one, 0, 1);
        runtime.Flash.Flush(file);
        device.CheckIntegrityNow();
    };

    /// <summary>Reboots the device so that its <paramref name="writeNumber"/>-th flash write after power-on is cut (torn).</summary>
    public static Action<SimulatedDevice> PowerCut(long writeNumber, double tornFraction = 0.5) =>
        device => device.PowerOn(new PowerCutPlan(writeNumber, tornFraction));

    /// <summary>
    /// Records <paramref name="baitRecords"/> events, then, with the device off, tampers with the journal on
    /// flash and powers it on again: the tampered records are uploaded with the rest. A replay re-inserts the
    /// record that was newest before the bait (already uploaded when the device was drained first).
    /// </summary>
    public static Action<SimulatedDevice> TamperJournal(TamperKind kind, int baitRecords = 3) => device =>
    {
        var flash = new FileFlashStorage(device.FlashDirectory, device.Settings.FlashCapacityBytes);
        var replayed = kind == TamperKind.Replay ? JournalTamper.CopyNewestRecord(flash) : null;
        for (var i = 0; i < baitRecords; i++)
        {
            device.RecordEvent(SecurityEvents.ConfigurationChanged("simulator.bait", [], [], "simulator"));
        }

        if (replayed is null)
        {
            JournalTamper.Apply(flash, kind);
        }
        else
        {
            JournalTamper.Reinsert(flash, replayed);
        }

        device.Reboot();
    };

    /// <summary>Offsets the wall clock by <paramref name="skew"/> (recorded as a clock jump).</summary>
    public static Action<SimulatedDevice> ClockSkew(TimeSpan skew) => device => device.SkewClock(skew);

    /// <summary>Records <paramref name="count"/> events at once (telemetry; a full journal refuses and reports some).</summary>
    public static Action<SimulatedDevice> Burst(int count) => device => device.RecordBurst(count);

    /// <summary>The device's next trial boots fail their application health check, so a new bundle rolls back.</summary>
    public static Action<SimulatedDevice> FailHealthChecks() => device => device.FailsHealthCheck = true;

    /// <summary>Drops the device's network connection (it reconnects and resends what was not acknowledged).</summary>
    public static Action<SimulatedDevice> Disconnect() => device => device.Link.DropConnection();

    /// <summary>
    /// The broker is gone for <paramref name="length"/>, as the device sees it: disconnected, reconnects
    /// refused; then it reconnects (persistent session) and resends what was not acknowledged.
    /// </summary>
    public static Action<SimulatedDevice> BrokerDown(TimeSpan length) => device => device.Link.BeginBrokerOutage(length);

    /// <summary>
    /// The host is gone for <paramref name="length"/>, as the device sees it: publishes go out, no ack comes
    /// back, so the device resends after its ack timeout (the host had stored them: duplicates).
    /// </summary>
    public static Action<SimulatedDevice> HostDown(TimeSpan length) => device => device.Link.BeginHostOutage(length);
}
