using Xunit;

namespace Kmp.Testing;

/// <summary>
/// Locates the shared corpus of real management packs (../shared/corpus beside the repository).
/// Tests that read it call <see cref="Require"/>, which skips the test with a visible reason where
/// the corpus is absent; in CI it is present and the tests run.
/// </summary>
public static class Corpus
{
    private static readonly Lazy<string?> Root = new(Find);

    /// <summary>The corpus folder, or null when it is not beside the repository.</summary>
    public static string? Directory => Root.Value;

    /// <summary>The corpus folder; skips the calling test when it is absent.</summary>
    public static string Require()
    {
        Skip.If(Root.Value is null,
            "../shared/corpus is not beside the repository (set KMP_CORPUS to its path); corpus tests skipped.");
        return Root.Value!;
    }

    /// <summary>Path of a file inside the corpus (skips when the corpus is absent).</summary>
    public static string File(params string[] parts) => Path.Combine([Require(), .. parts]);

    /// <summary>Every file below the corpus with the given extension (".mp", ".xml"), sorted.</summary>
    public static IReadOnlyList<string> Files(string extension) =>
        System.IO.Directory.EnumerateFiles(Require(), "*" + extension, SearchOption.AllDirectories)
            .Where(f => string.Equals(Path.GetExtension(f), extension, StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>The repository root (the folder holding KasperskyMomPack.sln).</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    private static string? Find()
    {
        var fromEnv = Environment.GetEnvironmentVariable("KMP_CORPUS");
        if (!string.IsNullOrEmpty(fromEnv) && System.IO.Directory.Exists(fromEnv)) return Path.GetFullPath(fromEnv);
        var candidate = Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "corpus"));
        return System.IO.Directory.Exists(candidate) ? candidate : null;
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(dir.FullName, "KasperskyMomPack.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("KasperskyMomPack.sln not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>A temporary folder deleted when disposed.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "kmp-test-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try { System.IO.Directory.Delete(Path, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
