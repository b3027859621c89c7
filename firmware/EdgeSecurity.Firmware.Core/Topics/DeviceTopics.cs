namespace EdgeSecurity.Firmware.Core.Topics
{
    /// <summary>
    /// The versioned MQTT topic layout (docs/formats/topics.md). Every device topic is
    /// "es/v1/d/{deviceId}/{leaf}"; the broker ACL lets a device write only its own "up" leaves and read
    /// only its own "down" leaves. Part of the firmware core so that the device, the broker's ACL, the host's
    /// ingest and the simulator all take the layout from this one file.
    /// </summary>
    public static class DeviceTopics
    {
        /// <summary>Prefix of all device topics; "v1" changes only with an incompatible layout.</summary>
        public const string Root = "es/v1/d";

        /// <summary>Device → host: security event records (QoS 1).</summary>
        public const string Events = "evt";

        /// <summary>Device → host: online/offline status; the device's will message (retained).</summary>
        public const string Status = "status";

        /// <summary>Device → host: results of commands.</summary>
        public const string CommandResults = "res";

        /// <summary>Device → host: OTA progress reports (each stage, confirm, rollback).</summary>
        public const string OtaReport = "ota/report";

        /// <summary>Host → device: acknowledgements of durably stored event records.</summary>
        public const string Acks = "ack";

        /// <summary>Host → device: commands (integrity check now, report status, …).</summary>
        public const string Commands = "cmd";

        /// <summary>Host → device: OTA offers.</summary>
        public const string OtaOffer = "ota/offer";

        /// <summary>Host → device: OTA chunks.</summary>
        public const string OtaChunk = "ota/chunk";

        /// <summary>Shared-subscription group used by host service instances to split the load.</summary>
        public const string DefaultShareGroup = "edgesec-host";

        /// <summary>The leaves a device publishes to.</summary>
        public static readonly string[] DeviceToHost = new string[] { Events, Status, CommandResults, OtaReport };

        /// <summary>The leaves a device subscribes to (each one exactly; wildcards are not granted).</summary>
        public static readonly string[] HostToDevice = new string[] { Acks, Commands, OtaOffer, OtaChunk };

        /// <summary>"es/v1/d/{deviceId}"; the device id must already be valid (the PKI's DeviceId.Validate).</summary>
        public static string DeviceRoot(string deviceId)
        {
            return Root + "/" + deviceId;
        }

        /// <summary>"es/v1/d/{deviceId}/{leaf}".</summary>
        public static string For(string deviceId, string leaf)
        {
            return Root + "/" + deviceId + "/" + leaf;
        }

        /// <summary>Filter matching <paramref name="leaf"/> of every device: "es/v1/d/+/{leaf}".</summary>
        public static string AllDevices(string leaf)
        {
            return Root + "/+/" + leaf;
        }

        /// <summary>Shared subscription to <paramref name="leaf"/> of every device: "$share/{group}/es/v1/d/+/{leaf}".</summary>
        public static string SharedAllDevices(string group, string leaf)
        {
            return "$share/" + group + "/" + AllDevices(leaf);
        }

        /// <summary>
        /// Extracts the device id from a concrete topic "es/v1/d/{deviceId}/{leaf}". Returns false (and
        /// an empty id) when the topic is not a device topic with that leaf.
        /// </summary>
        public static bool TryGetDeviceId(string topic, string leaf, out string deviceId)
        {
            deviceId = "";
            string prefix = Root + "/";
            string suffix = "/" + leaf;
            int length = topic.Length - prefix.Length - suffix.Length;
            if (length <= 0
                || topic.Substring(0, prefix.Length) != prefix
                || topic.Substring(topic.Length - suffix.Length) != suffix)
            {
                return false;
            }

            string id = topic.Substring(prefix.Length, length);
            if (id.IndexOf('/') >= 0)
            {
                return false;
            }

            deviceId = id;
            return true;
        }
    }
}
