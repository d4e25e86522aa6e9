using Kmp.Operations.Scom;
using Kmp.Operations.Tests.Contract;

namespace Kmp.Operations.Tests.Scom;

/// <summary>
/// The contract every management group meets, run through the SCOM group's client, the protocol and
/// a host process (the fake host over a local group): what the local group does, the SCOM group does
/// the same way once carried over the line protocol, refusals with their reasons and names included.
/// </summary>
public sealed class FakeHostContractTests : ManagementGroupContract
{
    private readonly FakeHost fake = new();

    protected override IManagementGroup CreateGroup() => fake.Group();

    protected override IReadOnlyList<Guid> RaiseAlerts(IManagementGroup group, string workflowId, int count) =>
        FakeHost.RaiseAlerts((ScomManagementGroup)group, workflowId, count);

    public override void Dispose()
    {
        base.Dispose();
        fake.Dispose();
    }
}
