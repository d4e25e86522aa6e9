using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Kmp.Operations.Tests.Scom;

/// <summary>
/// The net48 host as built here binds to the real Operations Manager SDK: it references the two SDK
/// assemblies by their real identity (7.0.5000.0, Microsoft's key token), and the facade it compiled
/// against is not shipped next to it.
/// </summary>
public sealed class HostAssemblyTests
{
    private static string HostPath => typeof(HostAssemblyTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "ScomHost").Value!;

    [SkippableFact]
    public void The_host_references_the_SDK_7_0_5000_0_with_Microsofts_key_token_and_ships_no_facade()
    {
        Skip.IfNot(File.Exists(HostPath), $"the host is not built at {HostPath}");
        using var stream = File.OpenRead(HostPath);
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();
        metadata.GetAssemblyDefinition().GetAssemblyName().Name.Should().Be("Kmp.Scom.Host");
        var references = metadata.AssemblyReferences.Select(h => metadata.GetAssemblyReference(h).GetAssemblyName()).ToDictionary(n => n.Name!);
        foreach (var sdk in new[] { "Microsoft.EnterpriseManagement.Core", "Microsoft.EnterpriseManagement.OperationsManager" })
        {
            references.Should().ContainKey(sdk);
            references[sdk].Version.Should().Be(new Version(7, 0, 5000, 0));
            Convert.ToHexStringLower(references[sdk].GetPublicKeyToken()!).Should().Be("31bf3856ad364e35");
            File.Exists(Path.Combine(Path.GetDirectoryName(HostPath)!, sdk + ".dll")).Should().BeFalse("the real SDK is loaded at run time");
        }
        System.Text.Encoding.UTF8.GetString(File.ReadAllBytes(HostPath)).Should().Contain(".NETFramework,Version=v4.8", "the host is a .NET Framework 4.8 program");
    }
}
