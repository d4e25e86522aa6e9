using Kmp.ManagementPacks;

namespace Kmp.Operations.Scom;

/// <summary>Which host program to start for <c>scom://SERVER</c>, how long to wait, and who connects.</summary>
public sealed record ScomHostOptions
{
    /// <summary>The host program, beside kmp's own files (the release bundle puts it there).</summary>
    public const string HostExecutable = "Kmp.Scom.Host.exe";

    /// <summary>Names another host program (a .exe, or a .dll run with dotnet); used by tests and for diagnosis.</summary>
    public const string HostVariable = "KMP_SCOM_HOST";

    /// <summary>Seconds a request may take (default 600: importing a large pack takes minutes on a busy group).</summary>
    public const string TimeoutVariable = "KMP_SCOM_TIMEOUT";

    public required ScomHostCommand Command { get; init; }

    /// <summary>How long one request may take before the host is stopped.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How long the host may take to start and connect.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromMinutes(2);

    public ScomCredentials Credentials { get; init; } = ScomCredentials.Integrated;

    /// <summary>
    /// The host beside kmp (<c>Kmp.Scom.Host.exe</c>), or the program named by
    /// <c>KMP_SCOM_HOST</c>; the timeout from <c>KMP_SCOM_TIMEOUT</c>; credentials from the environment
    /// or a prompt.
    /// </summary>
    /// <exception cref="KmpException">Not on Windows, the host is missing, or a variable is invalid.</exception>
    public static ScomHostOptions FromEnvironment(string target, Func<string, string?>? prompt = null)
    {
        var command = LocateHost(target);
        var timeout = TimeSpan.FromMinutes(10);
        if (Environment.GetEnvironmentVariable(TimeoutVariable) is { Length: > 0 } text)
        {
            if (!int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds) || seconds < 1)
                throw new KmpException($"{TimeoutVariable}='{text}': expected a whole number of seconds, 1 or more");
            timeout = TimeSpan.FromSeconds(seconds);
        }
        return new ScomHostOptions { Command = command, RequestTimeout = timeout, Credentials = ScomCredentials.FromEnvironment(prompt) };
    }

    private static ScomHostCommand LocateHost(string target)
    {
        if (Environment.GetEnvironmentVariable(HostVariable) is { Length: > 0 } named)
        {
            if (!File.Exists(named)) throw new KmpException($"{HostVariable}={named}: no such file");
            return named.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)
                ? new ScomHostCommand(DotnetHost(), ["exec", named])
                : new ScomHostCommand(named, []);
        }
        if (!OperatingSystem.IsWindows())
            throw new KmpException($"--mg {target}: kmp's SCOM host runs only on Windows, with the Operations Manager SDK of SCOM 2012 or later (a management server or a machine with the Operations console); here, rehearse on a local:PATH group and use 'kmp remove --mg local:PATH --emit-script FILE.ps1' for a PowerShell script to run there");
        var path = Path.Combine(AppContext.BaseDirectory, HostExecutable);
        if (!File.Exists(path))
            throw new KmpException($"--mg {target}: kmp's SCOM host is missing: expected {path} (the release bundle has it beside kmp.exe; from source, dotnet build src/Kmp.Scom.Host and set {HostVariable} to it), or use 'kmp remove --mg local:PATH --emit-script FILE.ps1' for a PowerShell script");
        return new ScomHostCommand(path, []);
    }

    /// <summary>The dotnet executable running this process (or the one on the PATH).</summary>
    public static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host
        : Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self).Equals("dotnet", StringComparison.OrdinalIgnoreCase) ? self
        : "dotnet";
}

/// <summary>
/// Who connects to the management group: the account kmp runs as (Windows integrated
/// authentication), or a user whose password comes from <c>KMP_SCOM_PASSWORD</c> or a prompt. There
/// is no command-line option for a password, so it never shows in a process list or a shell history.
/// </summary>
public sealed record ScomCredentials(string? UserName, string? Domain, string? Password)
{
    public const string UserVariable = "KMP_SCOM_USER";
    public const string DomainVariable = "KMP_SCOM_DOMAIN";
    public const string PasswordVariable = "KMP_SCOM_PASSWORD";

    public static ScomCredentials Integrated { get; } = new(null, null, null);

    /// <summary>Never prints the password.</summary>
    public override string ToString() => UserName is null ? "integrated" : (Domain is null ? UserName : Domain + "\\" + UserName);

    /// <summary>
    /// <c>KMP_SCOM_USER</c> (<c>DOMAIN\user</c>, or <c>user</c> with <c>KMP_SCOM_DOMAIN</c>) and
    /// <c>KMP_SCOM_PASSWORD</c>; without the password, <paramref name="prompt"/> asks for it.
    /// </summary>
    public static ScomCredentials FromEnvironment(Func<string, string?>? prompt, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var user = environment(UserVariable);
        if (string.IsNullOrWhiteSpace(user)) return Integrated;
        var domain = environment(DomainVariable);
        var slash = user.IndexOf('\\', StringComparison.Ordinal);
        if (slash > 0)
        {
            domain = user[..slash];
            user = user[(slash + 1)..];
        }
        if (user.Length == 0) throw new KmpException($"{UserVariable}: the user name is missing");
        var password = environment(PasswordVariable);
        if (string.IsNullOrEmpty(password))
        {
            var who = string.IsNullOrEmpty(domain) ? user : domain + "\\" + user;
            password = prompt?.Invoke($"Password for {who}: ");
            if (string.IsNullOrEmpty(password))
                throw new KmpException($"{UserVariable} is set but there is no password: set {PasswordVariable}, or run kmp in a console to be asked for it");
        }
        return new ScomCredentials(user, string.IsNullOrEmpty(domain) ? null : domain, password);
    }
}
