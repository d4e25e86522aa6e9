using System.Reflection;
using System.Text.RegularExpressions;
using CommandLine;
using Kmp.Testing;
using YamlDotNet.RepresentationModel;

namespace Kmp.Cli.Tests.Release;

/// <summary>
/// The CI recipes in docs/ci stay valid: both parse as YAML of their system's shape, sign with the secret
/// KMP_SIGNING_KEY, and every command they run exists — kmp verbs and options in kmp's own parser, projects,
/// solutions and MSBuild targets in this repository.
/// </summary>
public sealed class CiRecipeTests
{
    private static string Recipe(string name) => Path.Combine(Corpus.RepositoryRoot, "docs", "ci", name);

    [Fact]
    public void The_github_actions_workflow_is_a_workflow_whose_steps_call_commands_that_exist()
    {
        var root = Load(Recipe("github-actions.yml"));
        root.Children.Keys.Select(k => k.ToString()).Should().Contain(["name", "on", "jobs"]);
        var steps = ((YamlMappingNode)root["jobs"]).Children.Values.Cast<YamlMappingNode>()
            .SelectMany(job => ((YamlSequenceNode)job["steps"]).Children.Cast<YamlMappingNode>()).ToList();
        steps.Should().OnlyContain(s => s.Children.ContainsKey("uses") ^ s.Children.ContainsKey("run"), "a step either uses an action or runs a command");

        var commands = steps.Where(s => s.Children.ContainsKey("run")).Select(s => s["run"].ToString()).ToList();
        AssertCommandsExist(commands);
        AssertReleaseKeyReachesEverySigningStep(steps.Where(s => s.Children.ContainsKey("run"))
            .Select(s => (s["run"].ToString(), s.Children.TryGetValue("env", out var env) ? env.ToString() : "")));
    }

    [Fact]
    public void The_azure_pipeline_is_a_pipeline_whose_steps_call_commands_that_exist()
    {
        var root = Load(Recipe("azure-pipelines.yml"));
        root.Children.Keys.Select(k => k.ToString()).Should().Contain(["trigger", "pool", "steps"]);
        var steps = ((YamlSequenceNode)root["steps"]).Children.Cast<YamlMappingNode>().ToList();
        steps.Should().OnlyContain(s => s.Children.ContainsKey("task") ^ s.Children.ContainsKey("script"), "a step is a task or a script");

        var commands = steps.Where(s => s.Children.ContainsKey("script")).Select(s => s["script"].ToString()).ToList();
        AssertCommandsExist(commands);
        AssertReleaseKeyReachesEverySigningStep(steps.Where(s => s.Children.ContainsKey("script"))
            .Select(s => (s["script"].ToString(), s.Children.TryGetValue("env", out var env) ? env.ToString() : "")));
    }

    [Theory]
    [InlineData("dotnet run --project src/Kmp.Cli -c Release -- biuld --all", "verb 'biuld'")]
    [InlineData("dotnet run --project src/Kmp.Cli -c Release -- build --al", "option --al")]
    [InlineData("dotnet run --project src/Kmp.Cli -c Release -- verify out --strict", "option --strict")]
    [InlineData("kmp seal x.xml --sign k.snk", "option --sign")]
    [InlineData("dotnet test Kmp.sln", "Kmp.sln")]
    [InlineData("dotnet build src/Kmp.Cli -t:Bundel", "target Bundel")]
    [InlineData("dotnet pack src/Kmp.Tool", "src/Kmp.Tool")]
    public void The_check_refuses_a_recipe_that_calls_what_does_not_exist(string command, string named)
    {
        RecipeCommands.Problems(command).Should().ContainSingle().Which.Should().Contain(named);
    }

    private static void AssertCommandsExist(IReadOnlyList<string> commands)
    {
        commands.Should().Contain(c => c.Contains("dotnet test KasperskyMomPack.sln", StringComparison.Ordinal), "the recipe runs the tests");
        commands.Should().Contain(c => Regex.IsMatch(c, @"-- build --all\b"), "the recipe builds the whole family");
        commands.Should().Contain(c => Regex.IsMatch(c, @"-- verify\b"), "the recipe verifies what it built");
        commands.Should().Contain(c => c.Contains("-t:Bundle", StringComparison.Ordinal), "the recipe makes the release bundle");
        commands.SelectMany(RecipeCommands.Problems).Should().BeEmpty();
    }

    private static void AssertReleaseKeyReachesEverySigningStep(IEnumerable<(string Command, string Env)> steps)
    {
        foreach (var (command, env) in steps.Where(s => Regex.IsMatch(s.Command, @"-- build\b|-t:Bundle")))
            env.Should().Contain("KMP_SIGNING_KEY", $"'{command}' seals packs and must get the release key from the secret");
    }

    private static YamlMappingNode Load(string path)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(path);
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents.Should().ContainSingle().Subject.RootNode;
    }
}

/// <summary>Checks that a recipe's shell lines call kmp verbs and options, projects and targets that exist.</summary>
internal static class RecipeCommands
{
    private static readonly Dictionary<string, HashSet<string>> Verbs = typeof(Program).Assembly.GetTypes()
        .Select(t => (Type: t, Verb: t.GetCustomAttribute<VerbAttribute>()))
        .Where(v => v.Verb is not null)
        .ToDictionary(v => v.Verb!.Name, v => OptionsOf(v.Type), StringComparer.Ordinal);

    private static HashSet<string> OptionsOf(Type verb)
    {
        var names = new HashSet<string>(StringComparer.Ordinal) { "--help" };
        foreach (var option in verb.GetProperties().Select(p => p.GetCustomAttribute<OptionAttribute>()).OfType<OptionAttribute>())
        {
            if (!string.IsNullOrEmpty(option.LongName)) names.Add("--" + option.LongName);
            if (!string.IsNullOrEmpty(option.ShortName)) names.Add("-" + option.ShortName);
        }
        return names;
    }

    public static IEnumerable<string> Problems(string script)
    {
        foreach (var line in script.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')))
        {
            var words = Words(line);
            if (words.Count == 0) continue;
            if (words[0] == "kmp")
            {
                foreach (var p in KmpProblems(words.Skip(1).ToList())) yield return p;
            }
            else if (words[0] == "dotnet" && words.Count > 1)
            {
                foreach (var p in DotnetProblems(words)) yield return p;
            }
        }
    }

    private static IEnumerable<string> DotnetProblems(List<string> words)
    {
        var separator = words.IndexOf("--");
        var sdkWords = separator < 0 ? words : words[..separator];
        var project = sdkWords.IndexOf("--project") is var i and >= 0 && i + 1 < sdkWords.Count ? sdkWords[i + 1]
            : sdkWords.Skip(2).FirstOrDefault(w => !w.StartsWith('-') && (w.EndsWith(".sln", StringComparison.Ordinal) || w.EndsWith(".csproj", StringComparison.Ordinal) || w.StartsWith("src/", StringComparison.Ordinal)));
        if (project is not null)
        {
            var full = Path.Combine(Corpus.RepositoryRoot, project);
            if (!File.Exists(full) && !Directory.Exists(full)) yield return $"'{string.Join(' ', words)}': {project} is not in the repository";
        }
        foreach (var target in sdkWords.Where(w => w.StartsWith("-t:", StringComparison.Ordinal)).SelectMany(w => w[3..].Split(';')))
        {
            if (target is not ("Build" or "Restore" or "Pack" or "Publish") && !TargetDefined(project, target))
                yield return $"'{string.Join(' ', words)}': target {target} is not defined";
        }
        if (words[1] == "run" && separator >= 0 && project is not null && project.Replace('\\', '/').TrimEnd('/').EndsWith("src/Kmp.Cli", StringComparison.Ordinal))
        {
            foreach (var p in KmpProblems(words[(separator + 1)..])) yield return p;
        }
    }

    private static bool TargetDefined(string? project, string target)
    {
        if (project is null) return false;
        var folder = Path.Combine(Corpus.RepositoryRoot, project);
        if (File.Exists(folder)) folder = Path.GetDirectoryName(folder)!;
        return Directory.Exists(folder) && Directory.EnumerateFiles(folder, "*.*proj").Concat(Directory.EnumerateFiles(folder, "*.targets"))
            .Any(f => File.ReadAllText(f).Contains($"<Target Name=\"{target}\"", StringComparison.Ordinal));
    }

    private static IEnumerable<string> KmpProblems(List<string> args)
    {
        if (args.Count == 0) yield break;
        if (!Verbs.TryGetValue(args[0], out var options))
        {
            yield return $"kmp has no verb '{args[0]}'";
            yield break;
        }
        foreach (var word in args.Skip(1).Where(w => w.StartsWith('-') && w != "-"))
        {
            var name = word.Split('=', 2)[0];
            if (!options.Contains(name)) yield return $"kmp {args[0]} has no option {name}";
        }
    }

    /// <summary>Splits a shell line into words; quotes group, pipeline expressions stay one word.</summary>
    private static List<string> Words(string line)
    {
        var words = new List<string>();
        foreach (Match m in Regex.Matches(line, """(?:"[^"]*"|'[^']*'|\$\{\{[^}]*\}\}|\$\([^)]*\)|[^\s"'])+"""))
            words.Add(m.Value.Trim('"', '\''));
        return words;
    }
}
