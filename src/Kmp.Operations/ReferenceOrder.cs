using Kmp.ManagementPacks;

namespace Kmp.Operations;

/// <summary>Orders packs so that every pack comes after the packs it references (import order).</summary>
public static class ReferenceOrder
{
    /// <summary>
    /// A stable topological sort: references outside <paramref name="items"/> are ignored, ties keep
    /// the input order. A reference cycle is an error naming the packs in it.
    /// </summary>
    public static IReadOnlyList<T> Sort<T>(IEnumerable<T> items, Func<T, string> id, Func<T, IEnumerable<string>> references)
    {
        var list = items.ToList();
        var byId = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var item in list)
        {
            if (!byId.TryAdd(id(item), item)) throw new KmpException($"{id(item)}: given twice");
        }
        var result = new List<T>(list.Count);
        var state = new Dictionary<string, int>(StringComparer.Ordinal); // 1 visiting, 2 done
        void Visit(T item, Stack<string> path)
        {
            var key = id(item);
            if (state.TryGetValue(key, out var s))
            {
                if (s == 1) throw new KmpException($"reference cycle between management packs: {string.Join(" -> ", path.Reverse().SkipWhile(p => p != key))} -> {key}");
                return;
            }
            state[key] = 1;
            path.Push(key);
            foreach (var reference in references(item))
                if (byId.TryGetValue(reference, out var target)) Visit(target, path);
            path.Pop();
            state[key] = 2;
            result.Add(item);
        }
        foreach (var item in list) Visit(item, new Stack<string>());
        return result;
    }
}
