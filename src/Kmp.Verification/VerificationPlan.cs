using System.Runtime.ExceptionServices;
using Kmp.Verification.Checks;

namespace Kmp.Verification;

/// <summary>
/// The checks of one verification as separate pieces of work that any thread may run, each reporting into
/// its own list: pack by pack, the layers in the order <see cref="Verifier"/> always ran them. The lists
/// are put together in that order afterwards (<see cref="ReportInto"/>), so that the findings, their
/// de-duplication and their order are the same however many threads ran the pieces and in what order.
/// Pieces share only what is safe to share: the pack set's caches (concurrent), the one-pass index of each
/// pack (built once, by whoever needs it first) and the compiled configuration schemas.
/// </summary>
internal sealed class VerificationPlan
{
    /// <summary>The layers of one pack, in the order their findings are reported.</summary>
    private enum Layer
    {
        Structure,
        Schema,
        Manifest,
        HostDepth,
        References,
        ModuleConfiguration,
        ImportRules,
        Practice,
        Sealed,
    }

    private static readonly int Layers = Enum.GetValues<Layer>().Length;

    private readonly IReadOnlyList<PackEntry> packs;
    private readonly List<Reported>[,] reported;
    private readonly List<Piece> pieces = [];

    /// <param name="Pack">The pack it checks, or -1 for all (the manifests: a key token declared by one reference is compared with the next).</param>
    private sealed record Piece(int Pack, Layer Layer, Action<VerificationContext, PackEntry> Check);

    private VerificationPlan(IReadOnlyList<PackEntry> packs)
    {
        this.packs = packs;
        reported = new List<Reported>[packs.Count, Layers];
        for (var p = 0; p < packs.Count; p++)
        {
            for (var l = 0; l < Layers; l++) reported[p, l] = [];
        }
    }

    /// <summary>
    /// The pieces, in the order threads take them: the manifests of all packs first (cheap, and in pack
    /// order), then per pack its index (which most later pieces need) beside the pieces that do not need it,
    /// the longest pieces first (a 10,000-rule pack: references, module configuration, practice, import rules).
    /// </summary>
    public static VerificationPlan For(IReadOnlyList<PackEntry> packs, VerificationOptions options)
    {
        var plan = new VerificationPlan(packs);
        plan.pieces.Add(new Piece(-1, Layer.Manifest, ReferenceChecks.CheckManifest));
        for (var p = 0; p < packs.Count; p++)
        {
            plan.pieces.Add(new Piece(p, Layer.HostDepth, (_, pack) => pack.Index.Touch())); // the index alone: reports nothing
            plan.pieces.Add(new Piece(p, Layer.Structure, StructureChecks.Run));
            plan.pieces.Add(new Piece(p, Layer.References, ReferenceChecks.CheckReferences));
            if (options.SchemaDirectory is { } directory)
                plan.pieces.Add(new Piece(p, Layer.Schema, (context, pack) => SchemaValidation.Run(context, pack, directory)));
            plan.pieces.Add(new Piece(p, Layer.HostDepth, ReferenceChecks.CheckHostDepths));
            plan.pieces.Add(new Piece(p, Layer.ModuleConfiguration, ModuleConfigurationChecks.Run));
            if (options.BestPractices) plan.pieces.Add(new Piece(p, Layer.Practice, PracticeChecks.Run));
            plan.pieces.Add(new Piece(p, Layer.ImportRules, ImportRuleChecks.Run));
            plan.pieces.Add(new Piece(p, Layer.Sealed, SealedChecks.Run));
        }
        return plan;
    }

    /// <summary>
    /// Runs every piece on up to <paramref name="workers"/> threads: the calling thread takes pieces until
    /// none is left, helpers from the thread pool take them beside it as they start, and the call returns
    /// when every piece has ended (a helper that starts later finds nothing to do: the call never waits for
    /// a pool thread). A piece's failure is thrown after all have ended: that of the piece that comes
    /// first in the report order.
    /// </summary>
    public void Run(PackSet set, VerificationOptions options, int workers)
    {
        var tokens = new DeclaredTokens();
        var failures = new Exception?[pieces.Count];
        var next = -1;
        var unfinished = pieces.Count;
        var finished = new ManualResetEventSlim(false);
        void Work()
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < pieces.Count)
            {
                var piece = pieces[i];
                try
                {
                    if (piece.Pack >= 0) piece.Check(new VerificationContext(set, options, tokens, reported[piece.Pack, (int)piece.Layer]), packs[piece.Pack]);
                    else
                    {
                        for (var p = 0; p < packs.Count; p++) piece.Check(new VerificationContext(set, options, tokens, reported[p, (int)piece.Layer]), packs[p]);
                    }
                }
                catch (Exception ex)
                {
                    failures[i] = ex;
                }
                if (Interlocked.Decrement(ref unfinished) == 0) finished.Set();
            }
        }

        for (var h = Math.Min(workers, pieces.Count) - 1; h > 0; h--) _ = Task.Run(Work);
        Work();
        finished.Wait();

        var failed = pieces.Select((piece, i) => (piece, Failure: failures[i])).Where(x => x.Failure is not null)
            .OrderBy(x => Math.Max(x.piece.Pack, 0)).ThenBy(x => x.piece.Layer).Select(x => x.Failure).FirstOrDefault();
        if (failed is not null) ExceptionDispatchInfo.Capture(failed).Throw();
    }

    /// <summary>Puts the findings together in the order of a verification on one thread: pack by pack, layer by layer.</summary>
    public void ReportInto(FindingSink sink)
    {
        for (var p = 0; p < packs.Count; p++)
        {
            for (var l = 0; l < Layers; l++)
            {
                foreach (var finding in reported[p, l]) sink.Add(finding);
            }
        }
    }
}
