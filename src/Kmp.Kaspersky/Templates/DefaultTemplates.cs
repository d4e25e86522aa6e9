namespace Kmp.Kaspersky.Templates;

/// <summary>The templates that ship with kmp (mp-templates/, copied beside the kmp binary at build time).</summary>
public static class DefaultTemplates
{
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "mp-templates");

    public static TemplateCatalog Load() => TemplateCatalog.Load(Folder);
}
