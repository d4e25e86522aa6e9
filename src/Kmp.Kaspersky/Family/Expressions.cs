using Kmp.ManagementPacks;

namespace Kmp.Kaspersky.Family;

/// <summary>The $Target$ and $Data$ expressions the family's workflows use.</summary>
internal static class Context
{
    private const string Computer = "Windows!Microsoft.Windows.Computer";

    /// <summary>Principal name of the computer that hosts the target (target hosted by a Windows computer).</summary>
    public const string HostPrincipalName = $"$Target/Host/Property[Type=\"{Computer}\"]/PrincipalName$";

    /// <summary>NetBIOS name of the computer that hosts the target.</summary>
    public const string HostNetworkName = $"$Target/Host/Property[Type=\"{Computer}\"]/NetworkName$";

    /// <summary>Principal name of the target when the target is the Windows computer itself.</summary>
    public const string ComputerPrincipalName = $"$Target/Property[Type=\"{Computer}\"]/PrincipalName$";

    public static string PropertyOf(ElementReference type, string property) => $"$MPElement[Name=\"{type}\"]/{property}$";
}

/// <summary>Turns template knowledge into MAML knowledge articles.</summary>
internal static class KnowledgeArticles
{
    public static KnowledgeArticle For(string elementId, Templates.Knowledge knowledge) => new(elementId,
    [
        new KnowledgeSection("Summary", [knowledge.Summary]),
        new KnowledgeSection("Causes", [], knowledge.Causes),
        new KnowledgeSection("Resolutions", [], knowledge.Resolutions),
    ]);
}
