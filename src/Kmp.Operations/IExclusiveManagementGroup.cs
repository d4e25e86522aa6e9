namespace Kmp.Operations;

/// <summary>
/// A management group that one kmp command can hold from planning to its last step, so that two
/// commands on the group (two processes, or two connections in one) run one after the other and
/// neither plans from a state the other is changing. SCOM serializes its own imports; the local
/// group needs this.
/// </summary>
public interface IExclusiveManagementGroup
{
    /// <summary>
    /// Waits until no other command holds the group, then holds it until the result is disposed.
    /// Holding it again from the same instance nests.
    /// </summary>
    /// <exception cref="Kmp.ManagementPacks.KmpException">Another command held the group for longer than the wait allows.</exception>
    IDisposable HoldForChanges();
}
