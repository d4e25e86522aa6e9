using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;

namespace Kmp.Scom.Host;

/// <summary>
/// Finds the Operations Manager SDK assemblies (7.0.5000.0, SCOM 2012 and later) where they are not in
/// the GAC: the "SDK Binaries" folder of a management server or of the Operations console, or the folder
/// named by <c>KMP_SCOM_SDK_DIR</c>. Remembers an SDK of another version it saw there (SCOM 2007 R2's
/// 6.x), so the error can say so.
/// </summary>
internal static class SdkLocator
{
    public const string SdkVersion = "7.0.5000.0";
    public const string DirectoryVariable = "KMP_SCOM_SDK_DIR";

    /// <summary>An SDK assembly of another version found while looking (e.g. 6.0.4900.0 of SCOM 2007 R2).</summary>
    public static AssemblyName? OtherVersionSeen { get; private set; }

    public static void Install() => AppDomain.CurrentDomain.AssemblyResolve += Resolve;

    private static Assembly? Resolve(object? sender, ResolveEventArgs e)
    {
        var wanted = new AssemblyName(e.Name);
        if (wanted.Name is null || !wanted.Name.StartsWith("Microsoft.EnterpriseManagement.", StringComparison.OrdinalIgnoreCase)) return null;
        foreach (var folder in Folders())
        {
            var path = Path.Combine(folder, wanted.Name + ".dll");
            if (!File.Exists(path)) continue;
            AssemblyName found;
            try
            {
                found = AssemblyName.GetAssemblyName(path);
            }
            catch (Exception ex) when (ex is BadImageFormatException or FileLoadException or IOException)
            {
                continue;
            }
            if (found.Version is { Major: 7 }) return Assembly.LoadFrom(path);
            OtherVersionSeen ??= found;
        }
        return null;
    }

    /// <summary>Where the SDK may be: the variable, then every "SDK Binaries" folder under the System Center installs.</summary>
    public static IEnumerable<string> Folders()
    {
        if (Environment.GetEnvironmentVariable(DirectoryVariable) is { Length: > 0 } named) yield return named;
        foreach (var root in new[] { Environment.GetFolderPath(Environment.SpecialFolder.ProgramFiles), Environment.GetFolderPath(Environment.SpecialFolder.ProgramFilesX86) }.Where(r => r.Length > 0).Distinct())
        {
            string[] installs;
            try
            {
                installs = Directory.GetDirectories(root, "*System Center*");
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                continue;
            }
            foreach (var install in installs)
            {
                foreach (var candidate in new[]
                {
                    Path.Combine(install, "Operations Manager", "Server", "SDK Binaries"),
                    Path.Combine(install, "Operations Manager", "Console", "SDK Binaries"),
                    Path.Combine(install, "SDK Binaries"),
                })
                {
                    if (Directory.Exists(candidate)) yield return candidate;
                }
            }
        }
    }

    /// <summary>Why the SDK could not be loaded, in one line.</summary>
    public static string Missing(string assembly) => OtherVersionSeen is { } other
        ? $"this machine has the Operations Manager SDK {other.Version} ({(other.Version?.Major == 6 ? "SCOM 2007 R2" : "another release")}), kmp's host needs the SDK {SdkVersion} of SCOM 2012 or later; with SCOM 2007 R2 run the PowerShell script instead"
        : $"the Operations Manager SDK {SdkVersion} ({assembly}) is not installed here: run kmp on a management server or on a machine with the Operations console of SCOM 2012 or later, or set {DirectoryVariable} to its \"SDK Binaries\" folder";
}
