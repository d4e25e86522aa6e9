namespace Kmp.ManagementPacks;

/// <summary>
/// An untyped reference to a management pack element: local (<c>Id</c>) or in a referenced pack
/// (<c>Alias!Id</c>), exactly as SCOM writes it. The model's elements hold typed <see cref="Ref{TKind}"/>
/// handles; this is what they write, and what readers of foreign XML parse.
/// </summary>
public readonly record struct ElementReference(string? Alias, string Id)
{
    /// <summary>Parses <c>Alias!Id</c> or <c>Id</c>.</summary>
    public static ElementReference Parse(string text)
    {
        var bang = text.IndexOf('!', StringComparison.Ordinal);
        return bang < 0 ? new ElementReference(null, text) : new ElementReference(text[..bang], text[(bang + 1)..]);
    }

    public bool IsLocal => Alias is null;

    public override string ToString() => Alias is null ? Id : Alias + "!" + Id;

    /// <summary>The <c>$MPElement[Name="…"]$</c> expression that names this element in module configuration.</summary>
    public string MPElement => $"$MPElement[Name=\"{this}\"]$";
}

/// <summary>What a typed reference points at; the kinds are the nested types of <see cref="Kinds"/>.</summary>
public interface IElementKind
{
    /// <summary>The kind's name in messages ("class", "monitor type").</summary>
    static abstract string Name { get; }

    /// <summary>True when a local element of the pack can be the target of such a reference.</summary>
    static abstract bool Accepts(IManagementPackElement element);
}

/// <summary>The kinds of element a <see cref="Ref{TKind}"/> can point at.</summary>
public static class Kinds
{
    public sealed class Class : IElementKind { public static string Name => "class"; public static bool Accepts(IManagementPackElement e) => e is ClassType; }
    public sealed class Relationship : IElementKind { public static string Name => "relationship type"; public static bool Accepts(IManagementPackElement e) => e is RelationshipType; }
    /// <summary>A data source, probe, condition detection or write action module type.</summary>
    public sealed class ModuleType : IElementKind { public static string Name => "module type"; public static bool Accepts(IManagementPackElement e) => e is DataSourceModuleType; }
    public sealed class MonitorType : IElementKind { public static string Name => "monitor type"; public static bool Accepts(IManagementPackElement e) => e is UnitMonitorType; }
    /// <summary>A unit, aggregate or dependency monitor.</summary>
    public sealed class Monitor : IElementKind { public static string Name => "monitor"; public static bool Accepts(IManagementPackElement e) => e is UnitMonitor or DependencyMonitor; }
    public sealed class Rule : IElementKind { public static string Name => "rule"; public static bool Accepts(IManagementPackElement e) => e is ManagementPacks.Rule; }
    public sealed class Discovery : IElementKind { public static string Name => "discovery"; public static bool Accepts(IManagementPackElement e) => e is ManagementPacks.Discovery; }
    public sealed class View : IElementKind { public static string Name => "view"; public static bool Accepts(IManagementPackElement e) => e is ManagementPacks.View; }
    public sealed class ViewType : IElementKind { public static string Name => "view type"; public static bool Accepts(IManagementPackElement e) => false; }
    public sealed class Folder : IElementKind { public static string Name => "folder"; public static bool Accepts(IManagementPackElement e) => e is ManagementPacks.Folder; }
    /// <summary>A view or a folder (what a folder item places).</summary>
    public sealed class FolderContent : IElementKind { public static string Name => "view or folder"; public static bool Accepts(IManagementPackElement e) => e is ManagementPacks.View or ManagementPacks.Folder; }
    public sealed class StringResource : IElementKind { public static string Name => "string resource"; public static bool Accepts(IManagementPackElement e) => e is ManagementPacks.StringResource; }
    public sealed class DataType : IElementKind { public static string Name => "data type"; public static bool Accepts(IManagementPackElement e) => false; }
}

/// <summary>
/// A typed reference to an element, in the style of System.Reflection.Metadata's handles: obtained only
/// from a declared reference (<see cref="ManagementPackBuilder.Reference(LibraryPack)"/>) or from a
/// local element (<c>classType.Ref</c>), never from a string, so a monitor whose target and type are
/// swapped does not compile and <see cref="ManagementPackBuilder.Build"/> can check every alias.
/// </summary>
public readonly record struct Ref<TKind> where TKind : IElementKind
{
    internal Ref(ElementReference reference) => Reference = reference;

    public ElementReference Reference { get; }

    public string? Alias => Reference.Alias;

    public string Id => Reference.Id;

    public string MPElement => Reference.MPElement;

    public bool IsLocal => Reference.IsLocal;

    public override string ToString() => Reference.ToString();

    /// <summary>A view or folder reference as what a folder item places.</summary>
    public Ref<Kinds.FolderContent> AsFolderContent() => new(Reference);

    internal TypedReference Typed => new(Reference, TKind.Name, KindTest<TKind>.Accepts);

    internal static Ref<TKind> Local(string id) => new(new ElementReference(null, id));
}

/// <summary>A reference with its kind, as the builder checks it.</summary>
internal readonly record struct TypedReference(ElementReference Reference, string Kind, Func<IManagementPackElement, bool> Accepts);

/// <summary>One delegate per kind for <see cref="TypedReference.Accepts"/>, made once rather than per reference.</summary>
internal static class KindTest<TKind> where TKind : IElementKind
{
    public static readonly Func<IManagementPackElement, bool> Accepts = TKind.Accepts;
}

/// <summary>
/// A declared reference to another pack (its manifest alias): the only source of <see cref="Ref{TKind}"/>
/// handles into that pack.
/// </summary>
public sealed class PackAlias
{
    internal PackAlias(string alias, string managementPackId)
    {
        Alias = alias;
        ManagementPackId = managementPackId;
    }

    public string Alias { get; }

    public string ManagementPackId { get; }

    private Ref<T> To<T>(string id) where T : IElementKind => new(new ElementReference(Alias, Identifiers.Element(id, T.Name + " ID")));

    public Ref<Kinds.Class> Class(string id) => To<Kinds.Class>(id);
    public Ref<Kinds.Relationship> Relationship(string id) => To<Kinds.Relationship>(id);
    public Ref<Kinds.ModuleType> ModuleType(string id) => To<Kinds.ModuleType>(id);
    public Ref<Kinds.MonitorType> MonitorType(string id) => To<Kinds.MonitorType>(id);
    public Ref<Kinds.Monitor> Monitor(string id) => To<Kinds.Monitor>(id);
    public Ref<Kinds.Rule> Rule(string id) => To<Kinds.Rule>(id);
    public Ref<Kinds.View> View(string id) => To<Kinds.View>(id);
    public Ref<Kinds.ViewType> ViewType(string id) => To<Kinds.ViewType>(id);
    public Ref<Kinds.Folder> Folder(string id) => To<Kinds.Folder>(id);
    public Ref<Kinds.DataType> DataType(string id) => To<Kinds.DataType>(id);

    /// <summary>An element of the referenced pack, from the typed output of the composer that made it.</summary>
    public Ref<T> Element<T>(Ref<T> elementOfThatPack) where T : IElementKind =>
        elementOfThatPack.IsLocal ? new(new ElementReference(Alias, elementOfThatPack.Id))
            : throw new KmpException($"{elementOfThatPack} is not an element of {ManagementPackId} itself");

    public override string ToString() => Alias;
}

/// <summary>
/// A manifest reference to a sealed pack. A library reference (<see cref="PerTarget"/>) takes its
/// version from the schema target when written; a family reference carries its own version.
/// </summary>
public sealed record ManagementPackReference(
    string Alias,
    string ManagementPackId,
    string PublicKeyToken,
    Version? Version = null,
    LibraryPack? PerTarget = null)
{
    public Version VersionFor(SchemaTarget target) =>
        PerTarget?.VersionFor(target) ?? Version ?? throw new KmpException($"reference '{Alias}' to {ManagementPackId} has no version");
}
