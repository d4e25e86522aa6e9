using Kmp.ManagementPacks;

namespace Kmp.Kaspersky.Family;

/// <summary>The $Target$ and $Data$ expressions the family's workflows use, on the computer class of a declared Windows reference.</summary>
internal static class Context
{
    /// <summary>Principal name of the computer that hosts the target (target hosted by a Windows computer).</summary>
    public static string HostPrincipalName(Ref<Kinds.Class> computer) => $"$Target/Host/Property[Type=\"{computer}\"]/PrincipalName$";

    /// <summary>Network name (the DNS name, as NetworkName holds it) of the computer that hosts the target.</summary>
    public static string HostNetworkName(Ref<Kinds.Class> computer) => $"$Target/Host/Property[Type=\"{computer}\"]/NetworkName$";

    /// <summary>Principal name of the target when the target is the Windows computer itself.</summary>
    public static string ComputerPrincipalName(Ref<Kinds.Class> computer) => $"$Target/Property[Type=\"{computer}\"]/PrincipalName$";

    /// <summary>Network name (the DNS name, as NetworkName holds it) of the target when the target is the Windows computer itself.</summary>
    public static string ComputerNetworkName(Ref<Kinds.Class> computer) => $"$Target/Property[Type=\"{computer}\"]/NetworkName$";

    public static string PropertyOf(Ref<Kinds.Class> type, string property) => $"$MPElement[Name=\"{type}\"]/{property}$";

    /// <summary>The Windows computer class, through the pack's reference to the Windows library.</summary>
    public static Ref<Kinds.Class> Computer(ManagementPackBuilder pack) => pack.Reference(Libraries.Windows).Class("Microsoft.Windows.Computer");
}

/// <summary>Turns template knowledge into MAML knowledge articles.</summary>
internal static class KnowledgeArticles
{
    /// <param name="summaryNotes">Paragraphs the family adds after the template's summary (how to override the workflow, say).</param>
    public static KnowledgeArticle For(string elementId, Templates.Knowledge knowledge, params string[] summaryNotes) => new(elementId,
    [
        new KnowledgeSection("Summary", [knowledge.Summary, .. summaryNotes]),
        new KnowledgeSection("Causes", [], knowledge.Causes),
        new KnowledgeSection("Resolutions", [], knowledge.Resolutions),
    ]);
}

/// <summary>
/// What the console shows of a template's description: what the pack does, for operators. The
/// confidence notes (the sentences from the first "UNSURE" on) stay in the templates and the generated
/// documentation.
/// </summary>
internal static class ConsoleText
{
    /// <summary>The console description of a product's packs and class: a preview says so first.</summary>
    public static string Of(Templates.ProductTemplate product) => (product.Preview ? PreviewNote : "") + Of(product.Description);

    public const string PreviewNote = "Preview: the facts these packs rely on are not yet confirmed on a real installation; alerts may be missing or wrong. ";

    public static string Of(string description)
    {
        var unsure = description.IndexOf("UNSURE", StringComparison.Ordinal);
        if (unsure < 0) return description;
        var sentence = description.LastIndexOf(". ", unsure, StringComparison.Ordinal);
        return sentence < 0 ? description : description[..(sentence + 1)];
    }
}
