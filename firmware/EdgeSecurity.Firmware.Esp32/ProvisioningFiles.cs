using System.IO;
using System.Text;

namespace EdgeSecurity.Firmware.Esp32
{
    /// <summary>
    /// The provisioning package on the device (docs/formats/provisioning.md): agent.conf key=value lines and
    /// the certificate, key and event-key files it names, under I:\prov.
    /// </summary>
    public sealed class ProvisioningFiles
    {
        private const string Directory = "I:\\prov\\";
        private readonly string[] _lines;

        private ProvisioningFiles(string[] lines)
        {
            _lines = lines;
        }

        public static ProvisioningFiles Load()
        {
            byte[] bytes = File.ReadAllBytes(Directory + "agent.conf");
            string text = Encoding.UTF8.GetString(bytes, 0, bytes.Length);
            ProvisioningFiles files = new ProvisioningFiles(text.Split('\n'));
            if (files.Get("format") != "1")
            {
                throw new IOException("agent.conf has an unknown format; re-provision the device with a matching edgesec.");
            }

            return files;
        }

        /// <summary>The value of <paramref name="key"/>, or null when absent (unknown keys are ignored by design).</summary>
        public string Get(string key)
        {
            for (int i = 0; i < _lines.Length; i++)
            {
                string line = _lines[i].TrimEnd('\r');
                int equals = line.IndexOf('=');
                if (equals > 0 && line[0] != '#' && line.Substring(0, equals) == key)
                {
                    return line.Substring(equals + 1);
                }
            }

            return null;
        }

        public byte[] ReadFile(string key)
        {
            return File.ReadAllBytes(Directory + Get(key));
        }

        public string ReadText(string key)
        {
            byte[] bytes = ReadFile(key);
            return Encoding.UTF8.GetString(bytes, 0, bytes.Length);
        }
    }
}
