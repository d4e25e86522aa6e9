using System.Xml;
using System.Xml.Linq;
using Kmp.ManagementPacks;
using Kmp.Verification.Checks;

namespace Kmp.Verification;

/// <summary>How to verify.</summary>
public sealed record VerificationOptions
{
    /// <summary>The packs references resolve into (reference folders and/or the built-in catalog).</summary>
    public ReferenceLibrary References { get; init; } = ReferenceLibrary.BuiltIn;

    /// <summary>Folder with Microsoft's MP schemas (ManagementPackSchema.v1.0.xsd, …); null skips the XSD layer.</summary>
    public string? SchemaDirectory { get; init; }

    /// <summary>
    /// IDs of XML inputs that the build seals (the family): they count as sealed packs, so other packs
    /// may reference them, and type definitions in them are fine. Other XML inputs stay unsealed.
    /// </summary>
    public IReadOnlySet<string> WillBeSealed { get; init; } = new HashSet<string>();

    /// <summary>The key token the build seals <see cref="WillBeSealed"/> packs with, when known: references to them must carry it.</summary>
    public string? SealingKeyToken { get; init; }

    /// <summary>Checks that each input's file name is its MP ID (off for packs built in memory).</summary>
    public bool CheckFileNames { get; init; } = true;

    /// <summary>
    /// A delay-signed pack is a warning (KMP7005) instead of an error (KMP7002): for the CI step that
    /// verifies before the release key signs. SCOM refuses a delay-signed pack either way.
    /// </summary>
    public bool AllowDelaySigned { get; init; }

    /// <summary>Runs the best-practice warnings.</summary>
    public bool BestPractices { get; init; } = true;

    /// <summary>
    /// The packs verified together and <see cref="References"/> are the whole management group, as at
    /// SCOM's import: a reference to a pack that is absent, present only at a lower version, or unsealed
    /// in every group is an error (KMP3017) instead of "not checked" (KMP3009).
    /// </summary>
    public bool StrictReferences { get; init; }

    /// <summary>
    /// Threads that verify: 0 chooses (every core for big packs, one for small ones); 1 verifies on the
    /// calling thread alone. The findings are the same either way (the tests compare them).
    /// </summary>
    internal int Workers { get; init; }
}

/// <summary>The findings of one verification, sorted by file, line and code.</summary>
public sealed class VerificationReport(IReadOnlyList<Finding> findings, IReadOnlyList<string> packIds)
{
    public IReadOnlyList<Finding> Findings { get; } = findings;

    /// <summary>The IDs of the packs verified.</summary>
    public IReadOnlyList<string> PackIds { get; } = packIds;

    public int Errors => Findings.Count(f => f.Severity == Severity.Error);

    public int Warnings => Findings.Count(f => f.Severity == Severity.Warning);

    /// <summary>True when the packs fail verification: any error, or any warning when warnings count as errors.</summary>
    public bool Failed(bool warningsAsErrors = false) => Errors > 0 || (warningsAsErrors && Warnings > 0);

    public IEnumerable<Finding> WithCode(FindingCode code) => Findings.Where(f => f.Code == code.Code);
}

/// <summary>
/// Verifies management packs the way SCOM's import does, and more: structure, the MP
/// schema, references, module configuration against the module types' schemas, the import-time rules
/// beyond the schema, best practice, and sealed-file integrity. Packs given together are one set:
/// family packs resolve their references into each other.
/// </summary>
public static class Verifier
{
    public static VerificationReport Verify(IEnumerable<PackInput> packs, VerificationOptions? options = null)
    {
        options ??= new VerificationOptions();
        var inputs = packs.ToList();
        var findings = new FindingSink();
        var entries = new List<PackEntry>();
        var seen = new Dictionary<string, PackInput>(StringComparer.Ordinal);
        foreach (var input in inputs)
        {
            if (seen.TryGetValue(input.Id, out var first))
            {
                findings.Add(Codes.DuplicateId, input.Id, null, input.File, 0,
                    $"the pack is given twice ({first.File ?? "in memory"} and {input.File ?? "in memory"}); the second is not verified");
                continue;
            }
            seen[input.Id] = input;
            var sealedPack = input.IsSealed || options.WillBeSealed.Contains(input.Id);
            var token = input.IsSealed ? input.KeyToken : options.SealingKeyToken;
            entries.Add(new PackEntry(input.Document, input.File, PackOrigin.Input, sealedPack, token, input));
        }

        var set = new PackSet(entries, options.References);
        var plan = VerificationPlan.For(entries, options);
        plan.Run(set, options, Workers(options, entries));
        plan.ReportInto(findings);
        return new VerificationReport(findings.Sorted(), [.. entries.Select(e => e.Id)]);
    }

    /// <summary>
    /// How many threads verify: <see cref="VerificationOptions.Workers"/> when set, else one per core for
    /// packs big enough to be worth it (a pack of a few hundred elements verifies in milliseconds, less
    /// than a thread takes to start).
    /// </summary>
    private static int Workers(VerificationOptions options, IReadOnlyList<PackEntry> entries)
    {
        if (options.Workers > 0) return options.Workers;
        var elements = entries.Sum(e => e.Document.Elements.Count);
        return elements >= ParallelFromElements ? Environment.ProcessorCount : 1;
    }

    /// <summary>The size (elements of all packs) from which verification uses every core.</summary>
    internal const int ParallelFromElements = 2000;

    /// <summary>Verifies files (.xml or .mp) and the packs of folders together.</summary>
    /// <exception cref="KmpException">A path is missing, or a file cannot be read or is not a management pack.</exception>
    public static VerificationReport VerifyFiles(IEnumerable<string> files, VerificationOptions? options = null) =>
        Verify(PackInput.LoadAll(files), options);
}

/// <summary>Collects findings in the order the checks report them (one thread: <see cref="VerificationPlan.ReportInto"/>).</summary>
internal sealed class FindingSink
{
    private readonly List<Finding> findings = [];
    private readonly HashSet<(string, string, string?, int, string)> keys = [];

    public void Add(FindingCode code, string packId, string? elementId, string? file, int line, string message)
    {
        // the same problem seen twice (e.g. one reference used in two checks) is reported once
        if (keys.Add((code.Code, packId, elementId, line, message)))
            findings.Add(new Finding(code.Code, code.Severity, packId, elementId, file, line, message));
    }

    public void Add(Reported reported) =>
        Add(reported.Code, reported.Pack.Id, reported.ElementId, reported.Pack.File, reported.At is null ? 0 : VerificationContext.LineOf(reported.At), reported.Message);

    public IReadOnlyList<Finding> Sorted() =>
        [.. findings.OrderBy(f => f.File ?? f.ManagementPackId, StringComparer.Ordinal).ThenBy(f => f.Line).ThenBy(f => f.Code, StringComparer.Ordinal)];
}

/// <summary>
/// A finding as a check reports it: the node it is about, whose line is looked up only when the findings
/// of all checks are put together in their order (the first line asked for reads the pack's text again
/// and marks the whole tree: done by one thread, after the checks).
/// </summary>
internal readonly record struct Reported(FindingCode Code, PackEntry Pack, string? ElementId, XObject? At, string Message);

/// <summary>The key tokens declared for packs whose token is not known yet (see <see cref="VerificationContext.DeclareToken"/>).</summary>
internal sealed class DeclaredTokens
{
    private readonly Dictionary<string, (string Token, string By)> first = new(StringComparer.Ordinal);
    private readonly Lock gate = new();

    /// <summary>The first declaration for the pack, after recording this one if it is the first.</summary>
    public (string Token, string By)? FirstOr(string packId, string token, string by)
    {
        lock (gate)
        {
            if (first.TryGetValue(packId, out var known)) return known;
            first[packId] = (token, by);
            return null;
        }
    }
}

/// <summary>What every check needs: the pack set, the options and where to report (one list per check and pack).</summary>
internal sealed class VerificationContext(PackSet set, VerificationOptions options, DeclaredTokens declaredTokens, List<Reported> output)
{
    public PackSet Set { get; } = set;

    /// <summary>The same context reporting into another list.</summary>
    public VerificationContext ReportingInto(List<Reported> into) => new(Set, Options, declaredTokens, into);
    public VerificationOptions Options { get; } = options;

    /// <summary>
    /// Records the key token a reference declares for a pack being verified whose token is not known
    /// yet (it will be sealed with the build's key): all references to it must agree.
    /// </summary>
    public void DeclareToken(string packId, string token, PackEntry by, XObject? at)
    {
        if (Set.Input(packId) is not { KeyToken: null }) return;
        if (declaredTokens.FirstOr(packId, token, by.Id) is not { } first) return;
        if (!PackSet.TokenEquals(first.Token, token))
            Report(Codes.KeyTokenMismatch, by, null, at,
                $"the reference to {packId} declares key token {token}, but {first.By} declares {first.Token}; a pack has one key token");
    }

    public void Report(FindingCode code, PackEntry pack, string? elementId, XObject? at, string message) =>
        output.Add(new Reported(code, pack, elementId, at, message));

    public static int LineOf(XObject node) => Kmp.ManagementPacks.Xml.ManagementPackDocument.LineOf(node);

    /// <summary>The ID of the pack element that contains <paramref name="node"/> (the top-most ancestor with an ID below a section).</summary>
    public static string? ElementIdOf(XObject node)
    {
        string? id = null;
        for (var e = node as XElement ?? node.Parent; e is not null && e.Parent is not null; e = e.Parent)
        {
            if (e.Attribute("ID") is { } a && e.Name.LocalName != "ManagementPack") id = a.Value;
        }
        return id;
    }
}
