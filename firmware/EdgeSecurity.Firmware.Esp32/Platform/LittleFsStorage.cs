using System;
using System.IO;
using EdgeSecurity.Firmware.Core.Platform;

namespace EdgeSecurity.Firmware.Esp32.Platform
{
    /// <summary>
    /// IFlashStorage on the ESP32 internal LittleFS volume (I:). LittleFS commits a file on flush/close and
    /// renames atomically, which is the durability contract the core is written and tested against.
    /// </summary>
    public sealed class LittleFsStorage : IFlashStorage
    {
        private readonly string _root;
        private readonly int _capacity;

        /// <param name="root">Folder on the volume, e.g. "I:\\es".</param>
        /// <param name="capacityBytes">Bytes the agent may use (the volume is shared with provisioning files).</param>
        public LittleFsStorage(string root, int capacityBytes)
        {
            _root = root;
            _capacity = capacityBytes;
            if (!Directory.Exists(_root))
            {
                Directory.CreateDirectory(_root);
            }
        }

        public int FreeBytes
        {
            get { return _capacity - UsedBytes(_root); }
        }

        public bool Exists(string name)
        {
            return File.Exists(PathOf(name));
        }

        public int GetLength(string name)
        {
            string path = PathOf(name);
            if (!File.Exists(path))
            {
                return -1;
            }

            using (FileStream stream = new FileStream(path, FileMode.Open, FileAccess.Read))
            {
                return (int)stream.Length;
            }
        }

        public int Read(string name, int position, byte[] buffer, int offset, int count)
        {
            using (FileStream stream = new FileStream(PathOf(name), FileMode.Open, FileAccess.Read))
            {
                if (position >= stream.Length)
                {
                    return 0;
                }

                stream.Seek(position, SeekOrigin.Begin);
                int total = 0;
                while (total < count)
                {
                    int n = stream.Read(buffer, offset + total, count - total);
                    if (n <= 0)
                    {
                        break;
                    }

                    total += n;
                }

                return total;
            }
        }

        public void Write(string name, int position, byte[] buffer, int offset, int count)
        {
            string path = PathOf(name);
            EnsureDirectory(path);
            if (count > 0 && position + count - Math.Max(0, GetLength(name)) > FreeBytes)
            {
                throw new IOException("Flash storage full writing " + name);
            }

            // Opening and closing per call commits each write; the agent writes in chunks, so the cost is bounded.
            using (FileStream stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.Write))
            {
                stream.Seek(position, SeekOrigin.Begin);
                stream.Write(buffer, offset, count);
                stream.Flush();
            }
        }

        public void SetLength(string name, int length)
        {
            string path = PathOf(name);
            EnsureDirectory(path);
            using (FileStream stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.Write))
            {
                stream.SetLength(length);
                stream.Flush();
            }
        }

        public void Flush(string name)
        {
            // Every write above is already committed when its stream closes.
        }

        public void Delete(string name)
        {
            string path = PathOf(name);
            if (File.Exists(path))
            {
                File.Delete(path);
            }
        }

        public void Rename(string from, string to)
        {
            string target = PathOf(to);
            EnsureDirectory(target);
            // UNVERIFIED on device: relies on LittleFS rename replacing the target atomically (docs/firmware-esp32.md).
            File.Move(PathOf(from), target);
        }

        public string[] List(string prefix)
        {
            System.Collections.ArrayList names = new System.Collections.ArrayList();
            Collect(_root, string.Empty, prefix, names);
            string[] result = new string[names.Count];
            names.CopyTo(result, 0);
            return result;
        }

        private void Collect(string directory, string relative, string prefix, System.Collections.ArrayList names)
        {
            string[] files = Directory.GetFiles(directory);
            for (int i = 0; i < files.Length; i++)
            {
                string name = relative + Path.GetFileName(files[i]);
                if (name.StartsWith(prefix))
                {
                    names.Add(name);
                }
            }

            string[] directories = Directory.GetDirectories(directory);
            for (int i = 0; i < directories.Length; i++)
            {
                Collect(directories[i], relative + Path.GetFileName(directories[i]) + "/", prefix, names);
            }
        }

        private static int UsedBytes(string directory)
        {
            int used = 0;
            string[] files = Directory.GetFiles(directory);
            for (int i = 0; i < files.Length; i++)
            {
                using (FileStream stream = new FileStream(files[i], FileMode.Open, FileAccess.Read))
                {
                    used += (int)stream.Length;
                }
            }

            string[] directories = Directory.GetDirectories(directory);
            for (int i = 0; i < directories.Length; i++)
            {
                used += UsedBytes(directories[i]);
            }

            return used;
        }

        private string PathOf(string name)
        {
            char[] chars = name.ToCharArray();
            for (int i = 0; i < chars.Length; i++)
            {
                if (chars[i] == '/')
                {
                    chars[i] = '\\';
                }
            }

            return _root + "\\" + new string(chars);
        }

        private static void EnsureDirectory(string path)
        {
            string directory = Path.GetDirectoryName(path);
            if (directory != null && directory.Length > 0 && !Directory.Exists(directory))
            {
                Directory.CreateDirectory(directory);
            }
        }
    }
}
