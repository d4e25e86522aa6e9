using Kmp.Cli;
using Kmp.Operations.Tests.Removal;
using Kmp.Testing;
using Microsoft.Data.Sqlite;

namespace Kmp.Operations.Tests.Cli;

/// <summary>
/// Damaged local groups (issue 9 item 17): <c>kmp mg check</c> reports them, writes refuse them in
/// one line without touching the file, and a malformed stored value is a one-line error, not an
/// internal error.
/// </summary>
public sealed class GroupHealthTests : IDisposable
{
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    private string Db => temp.File("mg.db");

    private string Mg => "local:" + Db;

    private static (int Code, string Out, string Err) Kmp(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = Program.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    private void InitWithProduct()
    {
        Kmp("mg", "init", Db).Code.Should().Be(ExitCodes.Success);
        var folder = temp.File("packs");
        Directory.CreateDirectory(folder);
        foreach (var pack in RealFamily.Of("KSWS")) File.WriteAllBytes(Path.Combine(folder, pack.Id + ".mp"), pack.Content);
        Kmp("import", folder, "--mg", Mg).Code.Should().Be(ExitCodes.Success);
    }

    private void Sql(string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Db, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private long Scalar(string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Db, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void OneLine(string text) => text.TrimEnd('\n').Should().NotContain("\n").And.NotContain("internal error");

    [Fact]
    public void A_healthy_group_checks_healthy()
    {
        InitWithProduct();
        var check = Kmp("mg", "check", "--mg", Mg);
        check.Code.Should().Be(ExitCodes.Success, check.Err);
        check.Out.Should().Contain($"{Mg}: healthy");
    }

    [Theory]
    [InlineData("UPDATE packs SET xml = X'00FF00' WHERE id = 'KasperskyLab.Library'", "pack KasperskyLab.Library: its stored XML is blob, not text")]
    [InlineData("UPDATE packs SET xml = NULL WHERE id = 'KasperskyLab.Library'", "pack KasperskyLab.Library: its stored XML is null, not text")]
    [InlineData("UPDATE packs SET content = 'garbage' WHERE id = 'KasperskyLab.Library'", "pack KasperskyLab.Library: its stored file is text, not a non-empty blob")]
    [InlineData("UPDATE packs SET content = X'' WHERE id = 'KasperskyLab.Library'", "pack KasperskyLab.Library: its stored file is blob, not a non-empty blob")]
    public void A_pack_stored_as_the_wrong_type_is_damage_check_reports_and_writes_refuse(string sql, string problem)
    {
        InitWithProduct();
        Sql(sql);
        var check = Kmp("mg", "check", "--mg", Mg);
        check.Code.Should().Be(ExitCodes.Failed, check.Out);
        check.Err.Should().Contain(problem);
        var notify = Kmp("notify", "add", "a@example.com", "--mg", Mg);
        notify.Code.Should().NotBe(ExitCodes.Success);
        OneLine(notify.Err);
        notify.Err.Should().Contain("damaged");
    }

    [Fact]
    public void A_malformed_stored_version_is_a_one_line_error_everywhere_and_check_names_it()
    {
        InitWithProduct();
        Sql("UPDATE packs SET version = '1.0' WHERE id = 'KasperskyLab.Library'");

        var list = Kmp("list", "--mg", Mg);
        list.Code.Should().NotBe(ExitCodes.Success);
        OneLine(list.Err);
        list.Err.Should().Contain("the management group is damaged: KasperskyLab.Library has the version '1.0' stored, not a four-part version");

        var notify = Kmp("notify", "add", "a@example.com", "--mg", Mg);
        notify.Code.Should().NotBe(ExitCodes.Success);
        OneLine(notify.Err);
        notify.Err.Should().Contain("damaged");

        var check = Kmp("mg", "check", "--mg", Mg);
        check.Code.Should().Be(ExitCodes.Failed);
        check.Err.Should().Contain("pack KasperskyLab.Library has the version '1.0', not a four-part version");
    }

    [Fact]
    public void A_group_failing_the_integrity_check_is_reported_and_every_write_refused_without_touching_the_file()
    {
        InitWithProduct();
        var pageSize = Scalar("PRAGMA page_size");
        var root = Scalar("SELECT rootpage FROM sqlite_master WHERE name = 'pack_elements_by_id'");
        using (var file = new FileStream(Db, FileMode.Open, FileAccess.Write))
        {
            file.Position = (root - 1) * pageSize;
            file.Write(new byte[pageSize]); // an index page becomes zeros: the rows are intact, the index is not
        }
        var before = File.ReadAllBytes(Db);

        var check = Kmp("mg", "check", "--mg", Mg);
        check.Code.Should().Be(ExitCodes.Failed);
        check.Err.Should().Contain("SQLite integrity check:").And.Contain("damaged");

        foreach (var args in new[]
        {
            new[] { "notify", "add", "a@example.com", "--mg", Mg },
            ["remove", "--all", "--mg", Mg, "--backup", temp.File("backup")],
            ["mg", "simulate", "instance", "--class", "KasperskyLab.KSWS.Application", "--mg", Mg],
        })
        {
            var result = Kmp(args);
            result.Code.Should().NotBe(ExitCodes.Success, string.Join(' ', args));
            OneLine(result.Err);
            result.Err.Should().Contain($"{Mg}: the management group is damaged: SQLite integrity check", string.Join(' ', args));
        }
        File.ReadAllBytes(Db).Should().Equal(before, "a damaged group is refused before anything is written");
    }
}
