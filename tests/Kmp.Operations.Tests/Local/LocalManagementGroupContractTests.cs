using Kmp.Operations.Local;
using Kmp.Operations.Tests.Contract;
using Kmp.Testing;

namespace Kmp.Operations.Tests.Local;

/// <summary>The local SQLite group runs the contract every management group must meet.</summary>
public sealed class LocalManagementGroupContractTests : ManagementGroupContract
{
    private readonly TempDirectory temp = new();

    protected override IManagementGroup CreateGroup() => LocalGroups.Create(temp);

    protected override IReadOnlyList<Guid> RaiseAlerts(IManagementGroup group, string workflowId, int count) =>
        ((LocalManagementGroup)group).SimulateAlerts(workflowId, count);

    public override void Dispose()
    {
        base.Dispose();
        temp.Dispose();
    }
}
