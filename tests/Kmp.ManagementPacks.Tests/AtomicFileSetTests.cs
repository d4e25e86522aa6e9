using System.Text;
using Kmp.Testing;

namespace Kmp.ManagementPacks.Tests;

/// <summary>
/// <see cref="AtomicFileSet"/>: a set of files put in place from a journal, in the folder itself. It deletes only the
/// files of the last set the caller recognises and its own temporaries, never follows a journal that names anything
/// else, and never touches the folder or the other entries in it.
/// </summary>
public class AtomicFileSetTests
{
    private static readonly Func<string, bool> Own = path => File.ReadAllText(path).StartsWith("own", StringComparison.Ordinal);

    private static KeyValuePair<string, byte[]>[] Set(params string[] names) => [.. names.Select(n => KeyValuePair.Create(n, Encoding.UTF8.GetBytes("own " + n)))];

    [Fact]
    public void A_committed_set_replaces_the_last_one_and_keeps_every_other_file()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.File("a.html"), "own old a");
        File.WriteAllText(temp.File("stale.html"), "own stale");
        File.WriteAllText(temp.File("mine.html"), "mine");
        using (var staged = AtomicFileSet.Stage(temp.Path, Set("a.html", "b.html")))
            staged.Commit(Own);
        File.ReadAllText(temp.File("a.html")).Should().Be("own a.html");
        File.ReadAllText(temp.File("b.html")).Should().Be("own b.html");
        File.Exists(temp.File("stale.html")).Should().BeFalse("a file of the last set the new one lacks goes");
        File.ReadAllText(temp.File("mine.html")).Should().Be("mine");
        Directory.GetFiles(temp.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal).Should().Equal("a.html", "b.html", "mine.html");
    }

    [Fact]
    public void A_set_dropped_before_its_commit_changes_nothing()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.File("a.html"), "own old a");
        using (var staged = AtomicFileSet.Stage(temp.Path, Set("a.html", "b.html")))
            Directory.GetFiles(temp.Path, AtomicFileSet.TemporaryStart + "*").Should().HaveCount(2);
        Directory.GetFiles(temp.Path).Select(Path.GetFileName).Should().Equal("a.html");
        File.ReadAllText(temp.File("a.html")).Should().Be("own old a");
    }

    [Theory]
    [InlineData("{\"format\": \"kmp file set journal 1\", \"renames\": [], \"deletions\": [\"../victim.html\"]}")]
    [InlineData("{\"format\": \"kmp file set journal 1\", \"renames\": [{\"from\": \"mine.html\", \"to\": \"victim.html\"}], \"deletions\": []}")]
    [InlineData("{\"format\": \"kmp file set journal 1\", \"renames\": [{\"from\": \".kmp-new.a.0123456789abcdef.tmp\", \"to\": \"../victim.html\"}], \"deletions\": []}")]
    [InlineData("{\"format\": \"something else\", \"renames\": [], \"deletions\": [\"victim.html\"]}")]
    [InlineData("{\"renames\": [")]
    public void A_journal_kmp_did_not_write_is_refused_in_one_line_and_acted_on_in_no_way(string journal)
    {
        using var temp = new TempDirectory();
        var folder = temp.File("site");
        Directory.CreateDirectory(folder);
        File.WriteAllText(temp.File("victim.html"), "own victim");
        File.WriteAllText(Path.Combine(folder, "victim.html"), "own victim");
        File.WriteAllText(Path.Combine(folder, "mine.html"), "own mine");
        File.WriteAllText(Path.Combine(folder, ".kmp-new.a.0123456789abcdef.tmp"), "own a");
        File.WriteAllText(Path.Combine(folder, AtomicFileSet.JournalName), journal);
        var act = () => AtomicFileSet.Recover(folder, Own);
        act.Should().Throw<KmpException>().Which.Message.Should().StartWith($"{Path.Combine(folder, AtomicFileSet.JournalName)}: not a journal kmp wrote (").And.NotContain("\n");
        File.ReadAllText(temp.File("victim.html")).Should().Be("own victim");
        Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal)
            .Should().Equal(".kmp-journal", ".kmp-new.a.0123456789abcdef.tmp", "mine.html", "victim.html");
    }

    [Fact]
    public void Recovery_rolls_a_journal_forward_where_it_stopped_and_deletes_only_kmps_own_temporaries()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.File("a.html"), "own old a");
        File.WriteAllText(temp.File("b.html"), "own new b"); // renamed before the kill
        File.WriteAllText(temp.File("stale.html"), "own stale");
        File.WriteAllText(temp.File("listed-but-mine.html"), "mine");
        File.WriteAllText(temp.File(".kmp-new.a.html.0123456789abcdef.tmp"), "own new a");
        File.WriteAllText(temp.File(".kmp-new.c.html.fedcba9876543210.tmp"), "own unlisted"); // a temporary of a run killed before its journal
        File.WriteAllText(temp.File(".backup.20261201.tmp"), "mine");
        Directory.CreateDirectory(temp.File(".kmp-new.d.html.0123456789abcdef.tmp"));
        File.WriteAllText(temp.File(AtomicFileSet.JournalName), """
            {"format": "kmp file set journal 1",
             "renames": [{"from": ".kmp-new.a.html.0123456789abcdef.tmp", "to": "a.html"}, {"from": ".kmp-new.b.html.00000000deadbeef.tmp", "to": "b.html"}],
             "deletions": ["stale.html", "listed-but-mine.html", "absent.html"]}
            """);
        AtomicFileSet.Recover(temp.Path, Own);
        File.ReadAllText(temp.File("a.html")).Should().Be("own new a");
        File.ReadAllText(temp.File("b.html")).Should().Be("own new b");
        Directory.GetFileSystemEntries(temp.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal)
            .Should().Equal(".backup.20261201.tmp", ".kmp-new.d.html.0123456789abcdef.tmp", "a.html", "b.html", "listed-but-mine.html");
    }

    [Fact]
    public void A_journal_in_kmps_format_does_not_overwrite_a_file_kmp_did_not_write()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.File("notes.txt"), "mine");
        File.WriteAllText(temp.File(".kmp-new.x.0123456789abcdef.tmp"), "own x");
        File.WriteAllText(temp.File(AtomicFileSet.JournalName), """
            {"format": "kmp file set journal 1", "renames": [{"from": ".kmp-new.x.0123456789abcdef.tmp", "to": "notes.txt"}], "deletions": []}
            """);
        var act = () => AtomicFileSet.Recover(temp.Path, Own);
        act.Should().Throw<KmpException>().Which.Message.Should().StartWith($"{temp.File("notes.txt")}: not a file kmp wrote").And.NotContain("\n");
        File.ReadAllText(temp.File("notes.txt")).Should().Be("mine");
        File.Exists(temp.File(AtomicFileSet.JournalName)).Should().BeTrue();
    }
}
