using System;
using System.Collections;
using EdgeSecurity.Firmware.Core.Bundles;

namespace EdgeSecurity.Firmware.Core.Ota
{
    /// <summary>
    /// Which chunks of a bundle are present, which are requested and when (docs/ota.md, "download"): at most
    /// <see cref="Window"/> chunks in flight, a request that is not answered within the timeout is sent again,
    /// and chunks are asked for in manifest order from the first missing one. Pure bookkeeping: the client
    /// does the I/O. Chunks are numbered over all components in manifest order ("global" index).
    /// </summary>
    public sealed class ChunkSchedule
    {
        private readonly int[] _firstOfComponent;
        private readonly byte[] _present;
        private readonly int[] _inFlight;
        private readonly long[] _sentAt;
        private readonly int _total;
        private readonly long _requestTimeoutMs;
        private int _presentCount;
        private int _cursor;

        public ChunkSchedule(Manifest manifest, int window, long requestTimeoutMs)
        {
            if (manifest == null)
            {
                throw new ArgumentNullException("manifest");
            }

            if (window < 1 || window > OtaChunkRequest.MaxEntries || requestTimeoutMs < 1)
            {
                throw new ArgumentOutOfRangeException("window", "window must be 1.." + OtaChunkRequest.MaxEntries.ToString() + " and the timeout positive");
            }

            _firstOfComponent = new int[manifest.ComponentCount + 1];
            for (int i = 0; i < manifest.ComponentCount; i++)
            {
                _firstOfComponent[i + 1] = _firstOfComponent[i] + manifest.GetComponent(i).ChunkCount;
            }

            _total = _firstOfComponent[manifest.ComponentCount];
            _present = new byte[(_total + 7) / 8];
            _inFlight = new int[window];
            _sentAt = new long[window];
            for (int i = 0; i < window; i++)
            {
                _inFlight[i] = -1;
            }

            _requestTimeoutMs = requestTimeoutMs;
        }

        public int Window
        {
            get { return _inFlight.Length; }
        }

        public int Total
        {
            get { return _total; }
        }

        public int PresentCount
        {
            get { return _presentCount; }
        }

        public bool IsComplete
        {
            get { return _presentCount == _total; }
        }

        /// <summary>The global index of a chunk, or -1 when the manifest has no such component or chunk.</summary>
        public int GlobalIndex(int componentIndex, int chunkIndex)
        {
            if (componentIndex < 0 || componentIndex >= _firstOfComponent.Length - 1 || chunkIndex < 0)
            {
                return -1;
            }

            int global = _firstOfComponent[componentIndex] + chunkIndex;
            return global < _firstOfComponent[componentIndex + 1] ? global : -1;
        }

        public bool IsPresent(int global)
        {
            return (_present[global >> 3] & (1 << (global & 7))) != 0;
        }

        /// <summary>Records a chunk as durably written and verified; it leaves the in-flight set.</summary>
        public void MarkPresent(int global)
        {
            Release(global);
            if (!IsPresent(global))
            {
                _present[global >> 3] |= (byte)(1 << (global & 7));
                _presentCount++;
            }
        }

        /// <summary>Forgets that a chunk is present (it no longer verifies on flash) so it is requested again.</summary>
        public void MarkMissing(int global)
        {
            if (IsPresent(global))
            {
                _present[global >> 3] &= (byte)~(1 << (global & 7));
                _presentCount--;
                if (global < _cursor)
                {
                    _cursor = global;
                }
            }
        }

        /// <summary>True when the chunk was requested and not yet answered.</summary>
        public bool IsInFlight(int global)
        {
            return SlotOf(global) >= 0;
        }

        /// <summary>Drops a chunk from the in-flight set (answered badly: it will be requested again at once).</summary>
        public void Release(int global)
        {
            int slot = SlotOf(global);
            if (slot >= 0)
            {
                _inFlight[slot] = -1;
            }
        }

        /// <summary>Forgets every outstanding request (the link went down: they may never be answered).</summary>
        public void ReleaseAll()
        {
            for (int i = 0; i < _inFlight.Length; i++)
            {
                _inFlight[i] = -1;
            }
        }

        /// <summary>
        /// The chunks to request now, marked in flight at <paramref name="nowMs"/>: requests older than the
        /// timeout again, then the next missing chunks until the window is full. Empty when nothing is due.
        /// </summary>
        public OtaChunkId[] TakeDueRequests(long nowMs)
        {
            ArrayList due = new ArrayList();
            for (int i = 0; i < _inFlight.Length; i++)
            {
                if (_inFlight[i] >= 0 && nowMs - _sentAt[i] >= _requestTimeoutMs)
                {
                    _sentAt[i] = nowMs;
                    due.Add(ToId(_inFlight[i]));
                }
            }

            while (_cursor < _total && IsPresent(_cursor))
            {
                _cursor++;
            }

            int next = _cursor;
            for (int i = 0; i < _inFlight.Length; i++)
            {
                if (_inFlight[i] >= 0)
                {
                    continue;
                }

                while (next < _total && (IsPresent(next) || IsInFlight(next)))
                {
                    next++;
                }

                if (next >= _total)
                {
                    break;
                }

                _inFlight[i] = next;
                _sentAt[i] = nowMs;
                due.Add(ToId(next));
                next++;
            }

            return (OtaChunkId[])due.ToArray(typeof(OtaChunkId));
        }

        /// <summary>The outstanding requests as global indexes (empty entries skipped).</summary>
        public int[] InFlight()
        {
            int count = 0;
            for (int i = 0; i < _inFlight.Length; i++)
            {
                if (_inFlight[i] >= 0)
                {
                    count++;
                }
            }

            int[] result = new int[count];
            int at = 0;
            for (int i = 0; i < _inFlight.Length; i++)
            {
                if (_inFlight[i] >= 0)
                {
                    result[at++] = _inFlight[i];
                }
            }

            return result;
        }

        public OtaChunkId ToId(int global)
        {
            int component = 0;
            while (global >= _firstOfComponent[component + 1])
            {
                component++;
            }

            return new OtaChunkId(component, global - _firstOfComponent[component]);
        }

        private int SlotOf(int global)
        {
            for (int i = 0; i < _inFlight.Length; i++)
            {
                if (_inFlight[i] == global)
                {
                    return i;
                }
            }

            return -1;
        }
    }
}
