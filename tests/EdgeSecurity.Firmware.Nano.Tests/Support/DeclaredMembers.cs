using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace EdgeSecurity.Firmware.Nano.Tests.Support;

/// <summary>
/// The public members each type of a set of assemblies declares, written as the subset checker's allowlist
/// writes them: methods and constructors as <c>Name(System.Int32,System.Byte[])</c>, the rest by name.
/// </summary>
internal static class DeclaredMembers
{
    public static IReadOnlyDictionary<string, IReadOnlySet<string>> Read(IEnumerable<string> assemblyPaths)
    {
        var types = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
        foreach (var path in assemblyPaths)
        {
            using var pe = new PEReader(File.OpenRead(path));
            var metadata = pe.GetMetadataReader();
            var names = new TypeNames();
            foreach (var handle in metadata.TypeDefinitions)
            {
                var type = metadata.GetTypeDefinition(handle);
                var members = new HashSet<string>(StringComparer.Ordinal);
                foreach (var methodHandle in type.GetMethods())
                {
                    var method = metadata.GetMethodDefinition(methodHandle);
                    if ((method.Attributes & MethodAttributes.MemberAccessMask) == MethodAttributes.Public)
                    {
                        var signature = method.DecodeSignature(names, null);
                        members.Add(metadata.GetString(method.Name) + "(" + string.Join(",", signature.ParameterTypes) + ")");
                    }
                }

                members.UnionWith(type.GetProperties().Select(h => metadata.GetString(metadata.GetPropertyDefinition(h).Name)));
                members.UnionWith(type.GetEvents().Select(h => metadata.GetString(metadata.GetEventDefinition(h).Name)));
                members.UnionWith(type.GetFields().Select(h => metadata.GetFieldDefinition(h))
                    .Where(f => (f.Attributes & FieldAttributes.FieldAccessMask) == FieldAttributes.Public).Select(f => metadata.GetString(f.Name)));
                var name = metadata.GetString(type.Namespace) + "." + metadata.GetString(type.Name);
                types[name] = types.TryGetValue(name, out var earlier) ? [.. earlier, .. members] : members;
            }
        }

        return types;
    }

    private sealed class TypeNames : ISignatureTypeProvider<string, object?>
    {
        public string GetArrayType(string elementType, ArrayShape shape) => elementType + "[" + new string(',', shape.Rank - 1) + "]";

        public string GetByReferenceType(string elementType) => elementType + "&";

        public string GetFunctionPointerType(MethodSignature<string> signature) => "fnptr";

        public string GetGenericInstantiation(string genericType, ImmutableArray<string> typeArguments) => genericType;

        public string GetGenericMethodParameter(object? genericContext, int index) => "!!" + index;

        public string GetGenericTypeParameter(object? genericContext, int index) => "!" + index;

        public string GetModifiedType(string modifier, string unmodifiedType, bool isRequired) => unmodifiedType;

        public string GetPinnedType(string elementType) => elementType;

        public string GetPointerType(string elementType) => elementType + "*";

        public string GetPrimitiveType(PrimitiveTypeCode typeCode) => "System." + typeCode;

        public string GetSZArrayType(string elementType) => elementType + "[]";

        public string GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind)
        {
            var type = reader.GetTypeDefinition(handle);
            return reader.GetString(type.Namespace) + "." + reader.GetString(type.Name);
        }

        public string GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind)
        {
            var type = reader.GetTypeReference(handle);
            return reader.GetString(type.Namespace) + "." + reader.GetString(type.Name);
        }

        public string GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) => "spec";
    }
}
