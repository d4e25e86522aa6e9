using System.Collections;
using System.Reflection;
using CommandLine;
using CsCheck;
using Kmp.Testing;

namespace Kmp.Cli.Tests;

/// <summary>
/// The short verbs' plain command lines, bound without CommandLineParser for start-up: each table is its
/// verb's attributes, and every line it binds the parser accepts and binds alike; every other line is left to
/// the parser.
/// </summary>
public class ShortCommandLineTests
{
    public static TheoryData<string> ShortVerbs() => [.. ShortCommandLine.Verbs.Select(v => v.Name)];

    private static Type VerbType(string name) => Program.Verbs.Single(v => v.Name == name).Type;

    [Theory]
    [MemberData(nameof(ShortVerbs))]
    public void A_short_verbs_table_is_its_attributes(string name)
    {
        var verb = ShortCommandLine.Verbs.Single(v => v.Name == name);
        var properties = VerbType(name).GetProperties();
        var declared = properties
            .Select(p => (Property: p, Option: p.GetCustomAttribute<OptionAttribute>()))
            .Where(x => x.Option is not null)
            .Select(x => new ShortCommandLine.Option(x.Option!.LongName, x.Option.ShortName is { Length: 1 } s ? s[0] : null,
                x.Property.PropertyType == typeof(bool), IsList(x.Property.PropertyType)));
        verb.Options.Should().BeEquivalentTo(declared, o => o.WithoutStrictOrdering(), "an option added to the verb must be added to its table");

        var value = properties.Select(p => (Property: p, Value: p.GetCustomAttribute<ValueAttribute>())).Where(x => x.Value is not null).Should().ContainSingle().Subject;
        verb.ManyFiles.Should().Be(IsList(value.Property.PropertyType));
    }

    [Theory]
    [InlineData("seal", "pack.xml")]
    [InlineData("seal", "a.xml", "--key", "k.snk", "--out", "o", "b.xml")]
    [InlineData("seal", "a.xml", "-k", "k.snk", "-o", "o", "--company=Kaspersky Lab", "--copyright", "©", "--product", "P")]
    [InlineData("seal", "a.xml", "--delay-sign", "pub.snk")]
    [InlineData("unseal", "a.mp", "--out", "a.xml")]
    [InlineData("inspect", "a.mp", "b.mp", "--json")]
    public void Plain_lines_of_the_short_verbs_are_bound_without_the_parser(params string[] args) =>
        ShortCommandLine.TryBind(args).Should().NotBeNull().And.BeEquivalentTo(Parsed(args), o => o.RespectingRuntimeTypes());

    [Theory]
    [InlineData("seal")]
    [InlineData("seal", "--help")]
    [InlineData("seal", "a.xml", "-h")]
    [InlineData("seal", "--", "-a.xml")]
    [InlineData("seal", "a.xml", "--key")]
    [InlineData("seal", "a.xml", "--key", "")]
    [InlineData("seal", "a.xml", "--key=")]
    [InlineData("seal", "a.xml", "--key", "--out", "o")]
    [InlineData("seal", "a.xml", "--key", "a", "--key", "b")]
    [InlineData("seal", "a.xml", "--kee", "k")]
    [InlineData("seal", "a.xml", "-kk.snk")]
    [InlineData("seal", "a.xml", "--out", "-")]
    [InlineData("seal", "a.xml", "--company= x")]
    [InlineData("seal", "a.xml", "--company=ACME\n")]
    [InlineData("unseal", "a.mp", "--out=a\nb")]
    [InlineData("seal", "")]
    [InlineData("unseal", "a.mp", "b.mp")]
    [InlineData("unseal", "--out", "a.xml")]
    [InlineData("inspect", "a.mp", "--json", "--json")]
    [InlineData("inspect", "a.mp", "--json=true")]
    [InlineData("verify", "a.xml")]
    [InlineData("build", "--all")]
    [InlineData("help", "seal")]
    public void Every_other_line_is_left_to_the_parser(params string[] args) =>
        ShortCommandLine.TryBind(args).Should().BeNull();

    [Fact]
    public void Any_line_bound_without_the_parser_is_accepted_and_bound_alike_by_it()
    {
        // Lines made of the verb's own options in every spelling, files, and tokens that are not plain
        // (unknown options, help, '--', empty or dash-led values, values after '=' the parser reads with a pattern
        // of its own): whatever is bound must be what the parser binds, after the shape check kmp makes before it.
        string[] attached = ["v", " v", " ", "a\nb", "ACME\n", "a\r\nb", "a\rb", "\tv", "v ", "=v", "é"];
        string[] files = ["a.xml", "b.mp", "dir/c.xml", "é €.xml", "x=y", "1", "-", "-1", "--", "-h", "--help", "", " ", " x", "a\nb", "ACME\n"];
        var token = Gen.OneOf(
            Gen.Int[0, ShortCommandLine.Verbs.Length - 1].SelectMany(v => Gen.Int[0, ShortCommandLine.Verbs[v].Options.Length - 1].Select(o => ShortCommandLine.Verbs[v].Options[o]))
                .SelectMany(o => Gen.Select(Gen.Int[0, 3], Gen.Int[0, attached.Length - 1], (form, value) => form switch
                {
                    0 => "--" + o.Long,
                    1 => "--" + o.Long + "=" + attached[value],
                    2 when o.Short is { } s => "-" + s,
                    _ => "--" + o.Long.ToUpperInvariant(),
                })),
            Gen.Int[0, files.Length - 1].Select(i => files[i]),
            Gen.String[Gen.Char["ab-=.k"], 0, 4]);
        Gen.Select(Gen.Int[0, ShortCommandLine.Verbs.Length - 1], token.Array[0, 7])
            .Sample((verb, rest) =>
            {
                string[] args = [ShortCommandLine.Verbs[verb].Name, .. rest];
                if (ShortCommandLine.TryBind(args) is not { } bound) return;
                CommandLineShape.Problem(args, [VerbType(args[0])]).Should().BeNull($"the shape check accepts [{string.Join(", ", args)}]");
                bound.Should().BeEquivalentTo(Parsed(args), o => o.RespectingRuntimeTypes(), $"[{string.Join(", ", args)}] is bound as the parser binds it");
            }, time: PropertyRuns.Seconds);
    }

    private static object Parsed(string[] args)
    {
        var parsed = Program.Parse(args, [VerbType(args[0])]);
        parsed.Should().BeOfType<Parsed<object>>($"the parser accepts [{string.Join(", ", args)}]");
        return ((Parsed<object>)parsed).Value;
    }

    private static bool IsList(Type type) => type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type);
}
