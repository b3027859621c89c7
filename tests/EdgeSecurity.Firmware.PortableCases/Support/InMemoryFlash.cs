using System;
using System.Collections;
using EdgeSecurity.Firmware.Core.Platform;

namespace EdgeSecurity.Firmware.PortableCases.Support
{
    /// <summary>
    /// Flash storage in memory for the portable cases: the nanoCLR runner has no file system. Every write is
    /// durable at once (no power cuts: those are tested on .NET with the host platform's flash simulator).
    /// Files are kept in name order so that <see cref="List"/> answers the same on every runtime.
    /// </summary>
    public sealed class InMemoryFlash : IFlashStorage
    {
        private readonly ArrayList _names = new ArrayList();
        private readonly ArrayList _contents = new ArrayList();
        private readonly int _capacity;

        public InMemoryFlash(int capacity)
        {
            _capacity = capacity;
        }

        public int FreeBytes
        {
            get
            {
                int used = 0;
                for (int i = 0; i < _contents.Count; i++)
                {
                    used += ((byte[])_contents[i]).Length;
                }

                return _capacity - used;
            }
        }

        public bool Exists(string name)
        {
            return IndexOf(name) >= 0;
        }

        public int GetLength(string name)
        {
            int index = IndexOf(name);
            return index < 0 ? -1 : ((byte[])_contents[index]).Length;
        }

        public int Read(string name, int position, byte[] buffer, int offset, int count)
        {
            int index = IndexOf(name);
            if (index < 0)
            {
                throw new ArgumentException("no such file: " + name);
            }

            byte[] content = (byte[])_contents[index];
            int available = position >= content.Length ? 0 : Min(count, content.Length - position);
            Array.Copy(content, position, buffer, offset, available);
            return available;
        }

        public void Write(string name, int position, byte[] buffer, int offset, int count)
        {
            int index = IndexOf(name);
            byte[] content = index < 0 ? new byte[0] : (byte[])_contents[index];
            if (position + count > content.Length)
            {
                content = Resized(content, position + count);
            }

            Array.Copy(buffer, offset, content, position, count);
            Store(name, content);
        }

        public void SetLength(string name, int length)
        {
            int index = IndexOf(name);
            byte[] content = index < 0 ? new byte[0] : (byte[])_contents[index];
            Store(name, Resized(content, length));
        }

        public void Flush(string name)
        {
            if (IndexOf(name) < 0)
            {
                throw new ArgumentException("no such file: " + name);
            }
        }

        public void Delete(string name)
        {
            int index = IndexOf(name);
            if (index >= 0)
            {
                _names.RemoveAt(index);
                _contents.RemoveAt(index);
            }
        }

        public void Rename(string from, string to)
        {
            int index = IndexOf(from);
            if (index < 0)
            {
                throw new ArgumentException("no such file: " + from);
            }

            byte[] content = (byte[])_contents[index];
            Delete(from);
            Store(to, content);
        }

        public string[] List(string prefix)
        {
            int count = 0;
            for (int i = 0; i < _names.Count; i++)
            {
                if (((string)_names[i]).StartsWith(prefix))
                {
                    count++;
                }
            }

            string[] names = new string[count];
            int next = 0;
            for (int i = 0; i < _names.Count; i++)
            {
                if (((string)_names[i]).StartsWith(prefix))
                {
                    names[next++] = (string)_names[i];
                }
            }

            return names;
        }

        // System.Math is a separate nanoFramework library; the cases use mscorlib only.
        private static int Min(int a, int b)
        {
            return a < b ? a : b;
        }

        private static byte[] Resized(byte[] content, int length)
        {
            byte[] resized = new byte[length];
            Array.Copy(content, resized, Min(length, content.Length));
            return resized;
        }

        private void Store(string name, byte[] content)
        {
            int index = IndexOf(name);
            if (index >= 0)
            {
                _contents[index] = content;
                return;
            }

            // Ordinal insertion keeps List() independent of creation order.
            int at = 0;
            while (at < _names.Count && IsOrdinallyBefore((string)_names[at], name))
            {
                at++;
            }

            _names.Insert(at, name);
            _contents.Insert(at, content);
        }

        // nanoFramework's mscorlib has no String.CompareOrdinal, and .NET's String.Compare is culture-aware.
        private static bool IsOrdinallyBefore(string a, string b)
        {
            int common = Min(a.Length, b.Length);
            for (int i = 0; i < common; i++)
            {
                if (a[i] != b[i])
                {
                    return a[i] < b[i];
                }
            }

            return a.Length < b.Length;
        }

        private int IndexOf(string name)
        {
            for (int i = 0; i < _names.Count; i++)
            {
                if ((string)_names[i] == name)
                {
                    return i;
                }
            }

            return -1;
        }
    }
}
