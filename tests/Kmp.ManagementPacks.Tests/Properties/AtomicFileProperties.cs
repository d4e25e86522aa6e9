using CsCheck;
using Kmp.Testing;

namespace Kmp.ManagementPacks.Tests.Properties;

/// <summary>
/// Generated contents, names and prior states for the atomic writer: afterwards the file holds
/// exactly the new bytes and nothing else is left in the folder; a write that cannot happen is one
/// line naming the path and changes nothing.
/// </summary>
public sealed class AtomicFileProperties : IDisposable
{
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    private static readonly Gen<string> Name = Gen.String[Gen.Char["abcXYZ019 _-.éж"], 1, 20].Where(n => n.Trim('.', ' ').Length > 0 && n == n.Trim());

    [Fact]
    public void The_file_holds_the_new_bytes_and_nothing_else_is_left()
    {
        Gen.Select(Name, Gen.Byte.Array[0, 70_000], Gen.Byte.Array[0, 5_000].Null())
            .Sample(t =>
            {
                var (name, content, before) = t;
                var folder = Path.Combine(temp.Path, Guid.NewGuid().ToString("N"));
                Directory.CreateDirectory(folder);
                var path = Path.Combine(folder, name);
                if (before is not null) File.WriteAllBytes(path, before);

                AtomicFile.WriteAllBytes(path, content);

                File.ReadAllBytes(path).Should().Equal(content);
                Directory.EnumerateFileSystemEntries(folder).Should().Equal([path], "no temporary file stays behind");
            }, time: PropertyRuns.Seconds, threads: 1);
    }

    [Fact]
    public void A_write_that_cannot_happen_is_one_line_and_changes_nothing()
    {
        Gen.Select(Name, Gen.Byte.Array[0, 1_000])
            .Sample(t =>
            {
                var (name, content) = t;
                var folder = Path.Combine(temp.Path, Guid.NewGuid().ToString("N"));
                Directory.CreateDirectory(folder);
                var blocker = Path.Combine(folder, "file");
                File.WriteAllText(blocker, "keep");
                var path = Path.Combine(blocker, name); // a file where a folder should be

                var act = () => AtomicFile.WriteAllBytes(path, content);

                act.Should().Throw<KmpException>().Which.Message.Should().Match(m => PropertyRuns.IsOneLineNaming(m, path));
                File.ReadAllText(blocker).Should().Be("keep");
                Directory.EnumerateFileSystemEntries(folder).Should().Equal([blocker]);
            }, time: PropertyRuns.Seconds, threads: 1);
    }
}
