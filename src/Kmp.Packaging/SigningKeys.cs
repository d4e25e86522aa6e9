using Kmp.ManagementPacks;

namespace Kmp.Packaging;

/// <summary>Where the key that seals the packs came from.</summary>
public enum SigningKeySource
{
    /// <summary>A key pair file given with <c>--key</c>.</summary>
    KeyFile,
    /// <summary>A key pair in the environment variable <c>KMP_SIGNING_KEY</c> (base64 of an .snk; CI secrets).</summary>
    Environment,
    /// <summary>A public key given with <c>--delay-sign</c>: the packs are delay-signed.</summary>
    DelaySign,
    /// <summary>The development key in <c>.kmp/dev.snk</c>, created on first use.</summary>
    Development,
}

/// <summary>The key chosen by <see cref="SigningKeys.Resolve"/>, what to tell the user about it, and warnings.</summary>
public sealed record SigningKeyResolution(StrongNameKey Key, SigningKeySource Source, string Notice, IReadOnlyList<string> Warnings)
{
    /// <summary>True when the packs will carry a real signature (not delay-signed).</summary>
    public bool Signs => Key.HasPrivateKey;
}

/// <summary>
/// Chooses the sealing key: <c>--key FILE</c>, else <c>--delay-sign PUB</c>, else the environment
/// variable <c>KMP_SIGNING_KEY</c>, else a development key created once in a folder the repository
/// ignores. Messages name files and tokens, never key material.
/// </summary>
public static class SigningKeys
{
    public const string EnvironmentVariable = "KMP_SIGNING_KEY";
    public const string DevelopmentKeyFileName = "dev.snk";

    /// <param name="keyPath">A key pair (.snk) to sign with, or null.</param>
    /// <param name="delaySignPath">A public key (or key pair, of which only the public part is used) to delay-sign with, or null.</param>
    /// <param name="environmentBase64">The value of <c>KMP_SIGNING_KEY</c>, or null.</param>
    /// <param name="developmentKeyFolder">Where the development key lives (the <c>.kmp</c> folder).</param>
    /// <exception cref="KmpException">A key is missing, unreadable or unusable, or both --key and --delay-sign were given.</exception>
    public static SigningKeyResolution Resolve(string? keyPath, string? delaySignPath, string? environmentBase64, string developmentKeyFolder)
    {
        if (!string.IsNullOrEmpty(keyPath) && !string.IsNullOrEmpty(delaySignPath))
            throw new KmpException(ErrorKind.Usage, "kmp: give either --key (sign) or --delay-sign (public key only), not both");
        // Given but empty (`--key "$UNSET"` in CI) is a mistake, never "not given": it would sign with the development key.
        if (keyPath is { Length: 0 }) throw new KmpException(ErrorKind.Usage, "kmp: --key is given an empty value");
        if (delaySignPath is { Length: 0 }) throw new KmpException(ErrorKind.Usage, "kmp: --delay-sign is given an empty value");
        var warnings = new List<string>();

        if (!string.IsNullOrEmpty(keyPath))
        {
            var key = StrongNameKey.Load(keyPath);
            if (!key.HasPrivateKey)
                throw new KmpException(SourceLocation.Format(keyPath) + "holds only a public key, which cannot sign; use --delay-sign with it, or give the key pair");
            WarnIfOthersCanRead(keyPath, warnings);
            return new(key, SigningKeySource.KeyFile, $"signed with the key {keyPath} (token {key.PublicKeyToken})", warnings);
        }

        if (!string.IsNullOrEmpty(delaySignPath))
        {
            var key = StrongNameKey.Load(delaySignPath).PublicOnly();
            return new(key, SigningKeySource.DelaySign,
                $"DELAY-SIGNED with the public key {delaySignPath} (token {key.PublicKeyToken}): sign the packs with the key pair before release ('kmp key sign PACK.mp KEY.snk')",
                warnings);
        }

        if (!string.IsNullOrWhiteSpace(environmentBase64))
        {
            byte[] bytes;
            try
            {
                bytes = Convert.FromBase64String(environmentBase64.Trim());
            }
            catch (FormatException)
            {
                throw new KmpException($"{EnvironmentVariable}: not base64 (it must hold the base64 of an .snk key pair)");
            }
            var key = StrongNameKey.FromBytes(bytes, EnvironmentVariable);
            if (!key.HasPrivateKey)
                throw new KmpException($"{EnvironmentVariable}: holds only a public key, which cannot sign; it must hold the base64 of an .snk key pair");
            return new(key, SigningKeySource.Environment, $"signed with the key from {EnvironmentVariable} (token {key.PublicKeyToken})", warnings);
        }

        // Set but empty is how CI passes a secret a run may not see (a pull request from a fork): the
        // development key is used, as docs/ci says, and the warning says why.
        if (environmentBase64 is not null)
            warnings.Add($"{EnvironmentVariable} is set but empty: signing with the development key");
        var path = Path.Combine(developmentKeyFolder, DevelopmentKeyFileName);
        var created = false;
        StrongNameKey devKey;
        if (File.Exists(path))
        {
            devKey = StrongNameKey.Load(path);
            if (!devKey.HasPrivateKey)
                throw new KmpException(SourceLocation.Format(path) + "the development key holds only a public key; delete it and kmp makes a new one");
            WarnIfOthersCanRead(path, warnings);
        }
        else
        {
            devKey = StrongNameKey.Generate();
            try
            {
                KeyFiles.WriteKeyPair(path, devKey);
                created = true;
            }
            catch (KmpException) when (File.Exists(path))
            {
                // Another kmp process created it first: use that one, so both sign with the same key.
                devKey = StrongNameKey.Load(path);
            }
        }
        return new(devKey, SigningKeySource.Development,
            $"the packs are signed with the DEVELOPMENT key {path}{(created ? " (created now)" : "")}, token {devKey.PublicKeyToken} — not for release; pass --key FILE.snk or set {EnvironmentVariable} for release builds",
            warnings);
    }

    /// <summary>
    /// Where the development key lives: <c>.kmp/</c> at the root of the checkout that contains
    /// <paramref name="startDirectory"/> (the folder with KasperskyMomPack.sln or .git; the repository
    /// ignores it), else <c>~/.kmp/</c>. The same key is found from any folder of the checkout, so the
    /// family keeps one token however kmp is started.
    /// </summary>
    public static string DefaultDevelopmentKeyFolder(string startDirectory)
    {
        for (var dir = new DirectoryInfo(Path.GetFullPath(startDirectory)); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "KasperskyMomPack.sln")) || Directory.Exists(Path.Combine(dir.FullName, ".git")))
                return Path.Combine(dir.FullName, ".kmp");
        }
        return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".kmp");
    }

    /// <summary>A warning when a key file can be read by users other than its owner (never on Windows).</summary>
    public static string? PermissionWarning(string keyPath)
    {
        if (OperatingSystem.IsWindows()) return null;
        UnixFileMode mode;
        try
        {
            mode = File.GetUnixFileMode(keyPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        const UnixFileMode others = UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        if ((mode & others) == 0) return null;
        var octal = Convert.ToString((int)mode & 0x1FF, 8).PadLeft(3, '0');
        return $"the key file {keyPath} can be read by other users (mode {octal}); restrict it with 'chmod 600 {keyPath}'";
    }

    private static void WarnIfOthersCanRead(string path, List<string> warnings)
    {
        if (PermissionWarning(path) is { } warning) warnings.Add(warning);
    }
}

/// <summary>Writing key files: a key pair is created readable by its owner only, and written atomically.</summary>
public static class KeyFiles
{
    /// <summary>Writes a key pair as an .snk (owner-only permissions on Unix); refuses to overwrite an existing file.</summary>
    /// <exception cref="KmpException">The file exists or cannot be written.</exception>
    public static void WriteKeyPair(string path, StrongNameKey key)
    {
        if (!key.HasPrivateKey) throw new ArgumentException("not a key pair", nameof(key));
        Write(path, key.ToSnkBytes(), ownerOnly: true);
    }

    /// <summary>Writes the public key alone (the format of <c>sn -p</c>); refuses to overwrite an existing file.</summary>
    public static void WritePublicKey(string path, StrongNameKey key) => Write(path, key.ToPublicSnkBytes(), ownerOnly: false);

    private static void Write(string path, byte[] bytes, bool ownerOnly)
    {
        var full = Path.GetFullPath(path);
        if (File.Exists(full)) throw new KmpException(ErrorKind.CannotWrite, SourceLocation.Format(path) + "already exists; kmp never overwrites a key file");
        var folder = Path.GetDirectoryName(full)!;
        var temp = Path.Combine(folder, "." + Path.GetFileName(full) + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp");
        try
        {
            Directory.CreateDirectory(folder);
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
            if (ownerOnly && !OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            using (var stream = new FileStream(temp, options))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            try { File.Delete(temp); } catch (IOException) { }
            throw new KmpException(ErrorKind.CannotWrite, SourceLocation.Format(path) + "cannot write the key file: " + ex.Message, ex);
        }
        finally
        {
            Array.Clear(bytes);
        }
    }
}
