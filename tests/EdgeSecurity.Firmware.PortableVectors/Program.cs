using EdgeSecurity.Firmware.PortableVectors;

// Usage: EdgeSecurity.Firmware.PortableVectors OUTPUT_DIRECTORY
if (args.Length != 1)
{
    Console.Error.WriteLine("usage: EdgeSecurity.Firmware.PortableVectors OUTPUT_DIRECTORY (writes vectors.txt and GeneratedVectors.cs)");
    return 2;
}

var lines = VectorGenerator.Generate(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
Directory.CreateDirectory(args[0]);
File.WriteAllLines(Path.Combine(args[0], VectorFiles.TextFileName), lines);
File.WriteAllText(Path.Combine(args[0], VectorFiles.SourceFileName), VectorFiles.ToCSharp(lines));
Console.WriteLine($"{lines.Count} vectors written to {args[0]}");
return 0;
