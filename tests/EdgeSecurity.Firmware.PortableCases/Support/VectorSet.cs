using System;

namespace EdgeSecurity.Firmware.PortableCases.Support
{
    /// <summary>
    /// Test material made on the .NET side at test time (BouncyCastle signatures, signed trust roots and
    /// bundles, .NET's own SHA-512 and HMAC results) and carried into the nanoCLR run. As text, one vector
    /// per line: <c>name hex</c> for bytes (the name alone for none), <c>name #decimal</c> for numbers. The nanoCLR runner gets the
    /// same vectors compiled in as arrays (its .pe string table holds at most 64 KB, too little for the hex).
    /// </summary>
    public sealed class VectorSet
    {
        private readonly string[] _names;
        private readonly string[] _numbers;
        private readonly byte[][] _bytes;

        private VectorSet(string[] names, string[] numbers, byte[][] bytes)
        {
            _names = names;
            _numbers = numbers;
            _bytes = bytes;
        }

        /// <summary>Vectors from parallel arrays: a name, and either a number (as decimal text) or bytes.</summary>
        public static VectorSet FromArrays(string[] names, string[] numbers, byte[][] bytes)
        {
            if (names.Length != numbers.Length || names.Length != bytes.Length)
            {
                throw new ArgumentException("vector arrays differ in length");
            }

            return new VectorSet(names, numbers, bytes);
        }

        public static VectorSet Parse(string text)
        {
            string[] lines = text.Split(new char[] { '\n' });
            int count = 0;
            for (int i = 0; i < lines.Length; i++)
            {
                if (lines[i].Trim().Length > 0)
                {
                    count++;
                }
            }

            string[] names = new string[count];
            string[] numbers = new string[count];
            byte[][] bytes = new byte[count][];
            int next = 0;
            for (int i = 0; i < lines.Length; i++)
            {
                string line = lines[i].Trim();
                if (line.Length == 0)
                {
                    continue;
                }

                // A name alone is an empty byte string.
                int space = line.IndexOf(' ');
                names[next] = space < 0 ? line : line.Substring(0, space);
                string value = space < 0 ? string.Empty : line.Substring(space + 1);
                if (value.Length > 0 && value[0] == '#')
                {
                    numbers[next] = value.Substring(1);
                }
                else
                {
                    bytes[next] = Hex.Decode(value);
                }

                next++;
            }

            return new VectorSet(names, numbers, bytes);
        }

        public int Count
        {
            get { return _names.Length; }
        }

        public string NameAt(int index)
        {
            return _names[index];
        }

        public bool Contains(string name)
        {
            return IndexOf(name) >= 0;
        }

        /// <summary>A copy of a bytes vector (cases may change what they get).</summary>
        public byte[] Bytes(string name)
        {
            byte[] value = _bytes[Require(name)];
            if (value == null)
            {
                throw new ArgumentException("vector " + name + " is a number, not bytes");
            }

            return (byte[])value.Clone();
        }

        public long Number(string name)
        {
            string value = _numbers[Require(name)];
            if (value == null)
            {
                throw new ArgumentException("vector " + name + " is bytes, not a number");
            }

            return long.Parse(value);
        }

        private int Require(string name)
        {
            int index = IndexOf(name);
            if (index < 0)
            {
                throw new ArgumentException("no vector named " + name);
            }

            return index;
        }

        private int IndexOf(string name)
        {
            for (int i = 0; i < _names.Length; i++)
            {
                if (_names[i] == name)
                {
                    return i;
                }
            }

            return -1;
        }
    }
}
