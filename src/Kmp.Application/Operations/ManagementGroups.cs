using Kmp.ManagementPacks;
using Kmp.Operations;
using Kmp.Operations.Local;
using Kmp.Operations.Scom;

namespace Kmp.Application.Operations;

/// <summary>
/// Opens the existing management group named by <c>--mg</c>: <c>local:PATH</c> or <c>scom://SERVER</c>.
/// There is no default group, and opening never creates one: only <c>kmp mg init PATH</c> does.
/// </summary>
public static class ManagementGroups
{
    public static IManagementGroup Open(string? target, LocalManagementGroupOptions? localOptions = null)
    {
        if (string.IsNullOrWhiteSpace(target))
            throw new KmpException(ErrorKind.Usage, "--mg is missing: name the management group, local:PATH (made by 'kmp mg init PATH') or scom://SERVER");
        var text = target.Trim();
        if (text.StartsWith("local:", StringComparison.OrdinalIgnoreCase))
        {
            var path = text["local:".Length..];
            if (path.Length == 0) throw new KmpException("--mg local:PATH: the path of the local management group file is missing");
            return LocalManagementGroup.Open(path, localOptions);
        }
        if (text.StartsWith("scom://", StringComparison.OrdinalIgnoreCase))
        {
            var server = text["scom://".Length..].TrimEnd('/');
            if (server.Length == 0 || server.Contains('/')) throw new KmpException($"--mg {text}: expected scom://SERVER, the name of a management server");
            return new ScomManagementGroup(server, ScomHostOptions.FromEnvironment(text, PasswordPrompt.Ask));
        }
        throw new KmpException($"--mg '{text}': expected local:PATH or scom://SERVER");
    }

    /// <summary>
    /// Holds the group for one command, from planning to its last step, against every other kmp
    /// command (see <see cref="IExclusiveManagementGroup"/>); a group that serializes its own changes
    /// (SCOM) needs no hold. Take it before reading what the plan is made from.
    /// </summary>
    public static IDisposable HoldForChanges(IManagementGroup group) =>
        group is IExclusiveManagementGroup exclusive ? exclusive.HoldForChanges() : NoHold.Instance;

    private sealed class NoHold : IDisposable
    {
        public static readonly NoHold Instance = new();

        public void Dispose() { }
    }

    /// <summary>Opens a local group only (for rehearsal commands).</summary>
    public static LocalManagementGroup OpenLocal(string? target) =>
        Open(target) as LocalManagementGroup ?? throw new KmpException($"--mg {target}: rehearsal commands work on a local:PATH group only");

    /// <summary>Where the grooming state of a group is kept (beside a local group's file; in the user's profile for SCOM).</summary>
    public static string DefaultStateFile(IManagementGroup group)
    {
        if (group is LocalManagementGroup local) return local.Path + ".grooming.json";
        var name = string.Concat(group.Name.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_'));
        return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "kmp", name + ".grooming.json");
    }
}
