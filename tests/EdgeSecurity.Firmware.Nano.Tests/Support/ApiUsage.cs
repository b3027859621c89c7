using System.Collections.Immutable;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace EdgeSecurity.Firmware.Nano.Tests.Support;

/// <summary>
/// Every type and member an assembly uses from other assemblies, read from its metadata (TypeRef and
/// MemberRef tables): what docs/nanoframework-api.md must list for the ESP32 application.
/// </summary>
internal static class ApiUsage
{
    /// <summary>
    /// Lines <c>Assembly|Type::Member(Parameters) : Return</c> (or <c>Assembly|Type</c> for a type used only by
    /// name) of every given assembly, sorted; what they use of each other (the firmware's own assemblies) is left out.
    /// </summary>
    public static IReadOnlyList<string> Read(params string[] paths)
    {
        var lines = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            Add(path, lines);
        }

        lines.RemoveWhere(l => l.StartsWith("EdgeSecurity.", StringComparison.Ordinal));
        return [.. lines];
    }

    private static void Add(string path, SortedSet<string> lines)
    {
        using var pe = new PEReader(File.OpenRead(path));
        var metadata = pe.GetMetadataReader();
        var provider = new SignatureNames(metadata);
        foreach (var handle in metadata.TypeReferences)
        {
            var (assembly, type) = Describe(metadata, handle);
            lines.Add(assembly + "|" + type);
        }

        foreach (var handle in metadata.MemberReferences)
        {
            var member = metadata.GetMemberReference(handle);
            if (member.Parent.Kind != HandleKind.TypeReference)
            {
                continue; // members of generic instantiations and of this assembly's own types
            }

            var (assembly, type) = Describe(metadata, (TypeReferenceHandle)member.Parent);
            var name = metadata.GetString(member.Name);
            var text = member.GetKind() == MemberReferenceKind.Method
                ? Method(member.DecodeMethodSignature(provider, null), name)
                : name + " : " + member.DecodeFieldSignature(provider, null);
            lines.Add(assembly + "|" + type + "::" + text);
        }
    }

    private static string Method(MethodSignature<string> signature, string name) =>
        name + "(" + string.Join(", ", signature.ParameterTypes) + ") : " + signature.ReturnType + (signature.Header.IsInstance ? string.Empty : " static");

    private static (string Assembly, string Type) Describe(MetadataReader metadata, TypeReferenceHandle handle)
    {
        var type = metadata.GetTypeReference(handle);
        var name = metadata.GetString(type.Name);
        var ns = metadata.GetString(type.Namespace);
        var full = ns.Length == 0 ? name : ns + "." + name;
        return type.ResolutionScope.Kind switch
        {
            HandleKind.AssemblyReference => (metadata.GetString(metadata.GetAssemblyReference((AssemblyReferenceHandle)type.ResolutionScope).Name), full),
            HandleKind.TypeReference => (Describe(metadata, (TypeReferenceHandle)type.ResolutionScope).Assembly, Describe(metadata, (TypeReferenceHandle)type.ResolutionScope).Type + "+" + name),
            _ => ("(this assembly)", full),
        };
    }

    /// <summary>Type names as C# programmers read them in a signature.</summary>
    private sealed class SignatureNames(MetadataReader metadata) : ISignatureTypeProvider<string, object?>
    {
        public string GetArrayType(string elementType, ArrayShape shape) => elementType + "[" + new string(',', shape.Rank - 1) + "]";

        public string GetByReferenceType(string elementType) => "ref " + elementType;

        public string GetFunctionPointerType(MethodSignature<string> signature) => "fnptr";

        public string GetGenericInstantiation(string genericType, ImmutableArray<string> typeArguments) => genericType + "<" + string.Join(", ", typeArguments) + ">";

        public string GetGenericMethodParameter(object? genericContext, int index) => "!!" + index;

        public string GetGenericTypeParameter(object? genericContext, int index) => "!" + index;

        public string GetModifiedType(string modifier, string unmodifiedType, bool isRequired) => unmodifiedType;

        public string GetPinnedType(string elementType) => elementType;

        public string GetPointerType(string elementType) => elementType + "*";

        public string GetPrimitiveType(PrimitiveTypeCode typeCode) => typeCode switch
        {
            PrimitiveTypeCode.Boolean => "bool",
            PrimitiveTypeCode.Byte => "byte",
            PrimitiveTypeCode.SByte => "sbyte",
            PrimitiveTypeCode.Char => "char",
            PrimitiveTypeCode.Int16 => "short",
            PrimitiveTypeCode.UInt16 => "ushort",
            PrimitiveTypeCode.Int32 => "int",
            PrimitiveTypeCode.UInt32 => "uint",
            PrimitiveTypeCode.Int64 => "long",
            PrimitiveTypeCode.UInt64 => "ulong",
            PrimitiveTypeCode.Single => "float",
            PrimitiveTypeCode.Double => "double",
            PrimitiveTypeCode.String => "string",
            PrimitiveTypeCode.Object => "object",
            PrimitiveTypeCode.Void => "void",
            PrimitiveTypeCode.IntPtr => "IntPtr",
            PrimitiveTypeCode.UIntPtr => "UIntPtr",
            PrimitiveTypeCode.TypedReference => "TypedReference",
            _ => typeCode.ToString(),
        };

        public string GetSZArrayType(string elementType) => elementType + "[]";

        public string GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind)
        {
            var type = reader.GetTypeDefinition(handle);
            return reader.GetString(type.Name);
        }

        public string GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind)
        {
            var type = metadata.GetTypeReference(handle);
            return metadata.GetString(type.Name);
        }

        public string GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
            reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);
    }
}
