using System.Xml;

namespace Kmp.ManagementPacks;

/// <summary>Reader settings that refuse DTDs and external entities, used for every XML kmp reads.</summary>
public static class SafeXml
{
    /// <summary>Largest document kmp reads, in characters (64 Mi); real packs are below 10 MB.</summary>
    public const long MaxCharacters = 64L * 1024 * 1024;

    public static XmlReaderSettings ReaderSettings() => new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersInDocument = MaxCharacters,
        MaxCharactersFromEntities = 0,
        IgnoreComments = false,
        IgnoreProcessingInstructions = true,
        CloseInput = false,
    };
}
