namespace EdgeSecurity.Firmware.Core.Platform
{
    /// <summary>Restarts the device (nanoFramework: Power.RebootDevice). Does not return on a device.</summary>
    public interface IRebooter
    {
        void Reboot();
    }
}
