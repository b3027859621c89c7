using EdgeSecurity.Firmware.Core.Platform;
using nanoFramework.Hardware.Esp32;
using nanoFramework.Runtime.Native;

namespace EdgeSecurity.Firmware.Esp32.Platform
{
    /// <summary>Identity from the provisioning files; runtime facts from nanoFramework.</summary>
    public sealed class Esp32Device : IDeviceInfo, IRebooter
    {
        private readonly string _deviceId;
        private readonly string _hardwareClass;

        public Esp32Device(string deviceId, string hardwareClass)
        {
            _deviceId = deviceId;
            _hardwareClass = hardwareClass;
        }

        public string DeviceId
        {
            get { return _deviceId; }
        }

        public string HardwareClass
        {
            get { return _hardwareClass; }
        }

        public string RuntimeVersion
        {
            get { return SystemInfo.Version.ToString(); }
        }

        public long FreeMemoryBytes
        {
            get
            {
                uint total;
                uint free;
                uint largest;
                NativeMemory.GetMemoryInfo(NativeMemory.MemoryType.Internal, out total, out free, out largest);
                return free;
            }
        }

        public void Reboot()
        {
            Power.RebootDevice();
        }
    }
}
