namespace EdgeSecurity.Firmware.Core.Ota
{
    /// <summary>The update client's limits and timers (agent.conf on the device, options in the simulator).</summary>
    public sealed class OtaClientOptions
    {
        public OtaClientOptions()
        {
            MaxChunksInFlight = 4;
            RequestTimeoutMilliseconds = 5000;
            StallTimeoutMilliseconds = 30000;
            ResumeAfterMilliseconds = 60000;
            MaxChunkRetries = 3;
            ProgressEveryChunks = 16;
            HealthCheckTimeoutMilliseconds = 120000;
            InboxCapacity = 16;
        }

        /// <summary>Chunks requested and not yet received, at most (1..8; the request message holds 8).</summary>
        public int MaxChunksInFlight { get; set; }

        /// <summary>A chunk not received within this is requested again.</summary>
        public long RequestTimeoutMilliseconds { get; set; }

        /// <summary>No verified chunk for this long while connected: the download pauses (slow or stalled retrieval).</summary>
        public long StallTimeoutMilliseconds { get; set; }

        /// <summary>A paused download resumes by itself after this (or at once when the host offers again).</summary>
        public long ResumeAfterMilliseconds { get; set; }

        /// <summary>A chunk that fails its digest this many times ends the download (a host that keeps sending a bad chunk).</summary>
        public int MaxChunkRetries { get; set; }

        /// <summary>A progress report every this many verified chunks.</summary>
        public int ProgressEveryChunks { get; set; }

        /// <summary>A trial boot must pass its health check within this uptime, or it is rolled back.</summary>
        public long HealthCheckTimeoutMilliseconds { get; set; }

        /// <summary>OTA messages waiting for the agent's loop, at most.</summary>
        public int InboxCapacity { get; set; }
    }
}
